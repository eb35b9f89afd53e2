import { Injectable } from '@nestjs/common';
import { type Locale, pickLocale } from '../../common/locale';
import { PageQuery } from '../../common/pagination';
import { localDateOf } from '../../common/time';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { DatePollService } from '../../forums/date-poll.service';
import type { Forum } from '../../forums/forum.entity';
import { InvitationsService } from '../../forums/invitations.service';
import { ThemesService } from '../../forums/themes.service';
import { ListSessionsQuery } from '../../programme/dto/session.dto';
import { EnrolmentsService } from '../../participation/enrolments.service';
import { SessionsService } from '../../programme/sessions.service';
import { RegistrationsService } from '../../participation/registrations.service';
import { barChart, type Chart, repliesOverTime } from './desk-charts';
import { DeskText } from './desk-text.service';

const ONE = Object.assign(new PageQuery(), { perPage: 1 });

/** An edition at a glance: the counts, and the charts drawn from the services' own figures. */
@Injectable()
export class DeskOverviewService {
  constructor(
    private readonly text: DeskText,
    private readonly themes: ThemesService,
    private readonly sessions: SessionsService,
    private readonly enrolments: EnrolmentsService,
    private readonly poll: DatePollService,
    private readonly registrations: RegistrationsService,
    private readonly invitations: InvitationsService,
    private readonly deadlines: DeadlinesService,
  ) {}

  async overview(forum: Forum, locale: Locale): Promise<{ counts: Record<string, number>; charts: Chart[] }> {
    const counts = {
      invited: (await this.invitations.list(forum.id, ONE)).total,
      registrations: (await this.registrations.list(forum.id, ONE)).total,
      sessions: (await this.sessions.list(forum.id, Object.assign(new ListSessionsQuery(), { perPage: 1 }))).total,
      deadlines: (await this.deadlines.list(forum.id)).length,
    };
    return {
      counts,
      charts: [await this.themeChart(forum, locale), await this.visitChart(forum, locale), await this.replyChart(forum, locale)],
    };
  }

  private async themeChart(forum: Forum, locale: Locale): Promise<Chart> {
    const t = (key: string) => this.text.t(locale, key);
    const themes = await this.themes.list(forum.id);
    const items = themes.map((theme) => ({
      label: pickLocale(theme.title, locale),
      value: theme.interest.interested,
      part: theme.interest.firstChoice,
      text: `${theme.interest.interested} (${theme.interest.firstChoice} ${t('charts.themesFirst')})`,
    }));
    return barChart({
      id: 'chart-themes',
      title: t('charts.themes'),
      desc: t('charts.themesDesc'),
      items,
      head: [t('session.theme'), t('charts.value'), t('charts.themesFirst')],
      rows: themes.map((theme) => [pickLocale(theme.title, locale), String(theme.interest.interested), String(theme.interest.firstChoice)]),
    });
  }

  private async visitChart(forum: Forum, locale: Locale): Promise<Chart> {
    const t = (key: string) => this.text.t(locale, key);
    const query = Object.assign(new ListSessionsQuery(), { kind: 'field_visit', perPage: 100 });
    const visits = (await this.sessions.list(forum.id, query)).items.filter(
      (session) => session.status !== 'cancelled' && session.capacity !== null,
    );
    const taken = await this.enrolments.confirmedCounts(visits.map((visit) => visit.id));
    const rows = visits.map((visit) => {
      const seats = visit.capacity as number;
      const count = taken.get(visit.id) ?? 0;
      return { label: pickLocale(visit.title, locale), count, seats, percent: Math.round((count / seats) * 100) };
    });
    return barChart({
      id: 'chart-visits',
      title: t('charts.visits'),
      desc: t('charts.visitsDesc'),
      items: rows.map((row) => ({
        label: row.label,
        value: row.count,
        max: row.seats,
        text: `${row.count}/${row.seats} (${row.percent} %)`,
      })),
      head: [t('nav.sessions'), t('charts.taken'), t('charts.capacity'), t('charts.rate')],
      rows: rows.map((row) => [row.label, String(row.count), String(row.seats), `${row.percent} %`]),
    });
  }

  private async replyChart(forum: Forum, locale: Locale): Promise<Chart> {
    const t = (key: string) => this.text.t(locale, key);
    const poll = await this.poll.poll(forum.id, locale);
    const days = poll.options.flatMap((option) => option.votes.map((vote) => localDateOf(new Date(vote.updatedAt), forum.timeZone)));
    const series = repliesOverTime(days);
    return barChart({
      id: 'chart-replies',
      title: t('charts.replies'),
      desc: t('charts.repliesDesc'),
      items: series.map((day) => ({ label: day.day, value: day.total, part: day.count, text: `+${day.count} → ${day.total}` })),
      head: [t('charts.day'), t('charts.perDay'), t('charts.runningTotal')],
      rows: series.map((day) => [day.day, String(day.count), String(day.total)]),
    });
  }
}
