import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { ProblemCode, ProblemException } from '../common/problem';
import { formatLocalDateRange, nextLocalDate, spanTooLong } from '../common/time';
import { pickLocale, type Locale } from '../common/locale';
import { PublicUrls } from '../config/public-urls';
import { Contact } from '../organisations/contact.entity';
import { DomainEvents } from '../events/domain-events';
import { type MessageDraft, Outbox } from '../outbox/outbox.service';
import { Blackout } from '../organisations/blackout.entity';
import { Organisation } from '../organisations/organisation.entity';
import { toSummary } from '../organisations/organisation.views';
import { DateChoice, DateOption, DateVote } from './date-option.entity';
import { CreateDateOptionDto, UpdateDateOptionDto, VoteDto } from './dto/date-poll.dto';
import type { DateChoiceView, DateOptionView, DatePollView, HolidayConflictView, PollOptionView, VoteView } from './dto/date-poll.views';
import { OrganisationsTakingPart } from './forum-events';
import type { Forum } from './forum.entity';
import { ForumsService } from './forums.service';
import { HolidayCalendar } from './holidays';
import { Invitation } from './invitation.entity';

const RANKED_BY = 'most yes, then most if-need-be, then fewest conflicts, then the preferred option, then the earliest';

function previousLocalDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).minus({ days: 1 }).toISODate() as string;
}

/** Date options, the members' votes, the conflicts each option meets, and the choice. */
@Injectable()
export class DatePollService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly holidays: HolidayCalendar,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly urls: PublicUrls,
    private readonly events: DomainEvents,
  ) {}

  /** Every contact of a registered organisation hears of the dates, and of any change to them. */
  private async datesNotices(em: EntityManager, forum: Forum, choice: DateChoice, changed: boolean): Promise<MessageDraft[]> {
    const registered = (await this.events.emit(OrganisationsTakingPart, { em, forumId: forum.id })).flat();
    const contacts = registered.length ? await em.find(Contact, { organisation: { $in: registered }, erasedAt: null }) : [];
    return contacts.map((contact) => ({
      kind: changed ? 'dates_changed' : 'dates_fixed',
      recipient: contact.email,
      locale: contact.locale,
      template: 'dates-fixed',
      dedupeKey: `dates-${choice.id}-${contact.id}`,
      scheduledFor: this.clock.now(),
      forumId: forum.id,
      data: {
        name: contact.firstName,
        forum: pickLocale(forum.title, contact.locale),
        dates: formatLocalDateRange(choice.startDate, choice.endDate, contact.locale),
        previous:
          choice.previousStartDate && choice.previousEndDate
            ? formatLocalDateRange(choice.previousStartDate, choice.previousEndDate, contact.locale)
            : '',
        changed,
        url: this.urls.forum(forum.slug),
      },
    }));
  }

  async listOptions(forumRef: string): Promise<DateOptionView[]> {
    const forum = await this.forums.get(forumRef, true);
    const options = await this.em.find(DateOption, { forum }, { orderBy: { startDate: 'asc', endDate: 'asc' } });
    return options.map((o) => this.optionView(forum, o));
  }

  async createOption(forumRef: string, dto: CreateDateOptionDto): Promise<DateOptionView> {
    const forum = await this.forums.get(forumRef, true);
    checkRange(dto.startDate, dto.endDate);
    await this.ensureNotDuplicate(forum, dto.startDate, dto.endDate);
    const option = new DateOption({ forum, startDate: dto.startDate, endDate: dto.endDate });
    option.note = dto.note?.trim() || null;
    option.preferred = dto.preferred ?? false;
    await this.saving(() => this.em.persist(option).flush());
    return this.optionView(forum, option);
  }

  async updateOption(forumRef: string, optionId: string, dto: UpdateDateOptionDto): Promise<DateOptionView> {
    const forum = await this.forums.get(forumRef, true);
    const option = await this.option(forum, optionId);
    const startDate = dto.startDate ?? option.startDate;
    const endDate = dto.endDate ?? option.endDate;
    checkRange(startDate, endDate);
    if (startDate !== option.startDate || endDate !== option.endDate) {
      await this.ensureNotDuplicate(forum, startDate, endDate);
    }
    option.startDate = startDate;
    option.endDate = endDate;
    option.note = dto.note === undefined ? option.note : dto.note?.trim() || null;
    option.preferred = dto.preferred ?? option.preferred;
    await this.saving(() => this.em.flush());
    return this.optionView(forum, option);
  }

  async deleteOption(forumRef: string, optionId: string): Promise<void> {
    const forum = await this.forums.get(forumRef, true);
    await this.em.remove(await this.option(forum, optionId)).flush();
  }

  /** Records (or replaces) an invited organisation's answer while the poll is open. */
  async vote(forumRef: string, optionId: string, organisationId: string, dto: VoteDto, castBy: string): Promise<VoteView> {
    const forum = await this.forums.get(forumRef, true);
    const option = await this.option(forum, optionId);
    const organisation = await this.em.findOne(Organisation, { id: organisationId });
    if (!organisation) {
      throw ProblemException.notFound('Organisation', organisationId);
    }
    if (forum.pollClosedAt) {
      throw ProblemException.conflict(ProblemCode.PollClosed, 'The date poll of this edition is closed: votes are no longer taken.');
    }
    if (!(await this.em.count(Invitation, { forum, organisation }))) {
      throw ProblemException.conflict(
        ProblemCode.NotInvited,
        `${organisation.name} is not invited to this edition: only invited organisations vote.`,
      );
    }
    const write = async () =>
      this.em.transactional(async (em) => {
        let vote = await em.findOne(DateVote, { option, organisation });
        if (!vote) {
          vote = new DateVote({ option, organisation, answer: dto.answer, castBy });
          em.persist(vote);
        }
        vote.answer = dto.answer;
        vote.comment = dto.comment === undefined ? vote.comment : dto.comment?.trim() || null;
        vote.castBy = castBy;
        return vote;
      });
    let vote: DateVote;
    try {
      vote = await write();
    } catch (error) {
      // Two first votes at once: the loser finds the winner's row and replaces its answer.
      if (!(error instanceof UniqueConstraintViolationException)) {
        throw error;
      }
      this.em.clear();
      vote = await write();
    }
    return voteView(vote);
  }

  async setPollOpen(forumRef: string, open: boolean): Promise<Forum> {
    const forum = await this.forums.get(forumRef, true);
    forum.pollClosedAt = open ? null : (forum.pollClosedAt ?? this.clock.now());
    await this.em.flush();
    return forum;
  }

  /** Fixes the edition's dates and closes the poll; choosing again later is recorded as a change. */
  async choose(forumRef: string, optionId: string, chosenBy: string): Promise<DateChoiceView> {
    const forum = await this.forums.get(forumRef, true);
    const option = await this.option(forum, optionId);
    const choice = new DateChoice({ forum, option, chosenBy });
    choice.previousStartDate = forum.startDate;
    choice.previousEndDate = forum.endDate;
    forum.startDate = option.startDate;
    forum.endDate = option.endDate;
    forum.pollClosedAt = forum.pollClosedAt ?? this.clock.now();
    const changed =
      choice.previousStartDate !== null && (choice.previousStartDate !== choice.startDate || choice.previousEndDate !== choice.endDate);
    // The choice and its notices commit together: the dates are never fixed without the members hearing of it.
    const messages = await this.em.transactional(async (em) => {
      em.persist(choice);
      return changed || choice.previousStartDate === null ? this.outbox.write(em, await this.datesNotices(em, forum, choice, changed)) : [];
    });
    await this.outbox.queueAfterCommit(messages);
    return {
      forumId: forum.id,
      startDate: choice.startDate,
      endDate: choice.endDate,
      previousStartDate: choice.previousStartDate,
      previousEndDate: choice.previousEndDate,
      changed,
      chosenBy,
      chosenAt: choice.createdAt.toISOString(),
    };
  }

  /**
   * The poll as `reader` may see it: organisers (no reader) see everything; a member (the
   * organisation of a magic link) sees every answer, comment and conflict, but who answered and
   * why dates are to avoid for its own organisation only.
   */
  async poll(forumRef: string, locale: Locale, reader?: { organisationId: string }): Promise<DatePollView> {
    const forum = await this.forums.get(forumRef, true);
    const options = await this.em.find(DateOption, { forum }, { orderBy: { startDate: 'asc', endDate: 'asc' } });
    const invitedIds = (await this.em.find(Invitation, { forum })).map((i) => i.organisation.id);
    const invitedCount = invitedIds.length;
    const votes = await this.em.find(
      DateVote,
      { option: { forum } },
      { populate: ['organisation'], orderBy: { organisation: { name: 'asc' } } },
    );
    const blackouts =
      options.length === 0 || invitedIds.length === 0
        ? []
        : await this.em.find(
            Blackout,
            {
              organisation: { $in: invitedIds },
              startDate: { $lte: options.reduce((max, o) => (o.endDate > max ? o.endDate : max), options[0].endDate) },
              endDate: { $gte: options[0].startDate },
            },
            { populate: ['organisation'] },
          );
    const spans = options.map((option): [string, string] => [previousLocalDate(option.startDate), nextLocalDate(option.endDate)]);
    await this.holidays.prepare(spans, locale);
    const mayRead = (organisationId: string) => !reader || reader.organisationId === organisationId;
    const entries: PollOptionView[] = options.map((option) => {
      const own = votes.filter((v) => v.option.id === option.id);
      const count = (answer: string) => own.filter((v) => v.answer === answer).length;
      const holidays = this.holidays
        .between(previousLocalDate(option.startDate), nextLocalDate(option.endDate), locale)
        .map((h): HolidayConflictView => ({
          ...h,
          relation: h.startDate <= option.endDate && h.endDate >= option.startDate ? 'overlaps' : 'touches',
        }));
      return {
        rank: 0,
        option: this.optionView(forum, option),
        tally: {
          yes: count('yes'),
          ifNeedBe: count('if_need_be'),
          no: count('no'),
          notYetAnswered: Math.max(0, invitedCount - own.length),
        },
        votes: own.map((v) => (mayRead(v.organisation.id) ? voteView(v) : { ...voteView(v), castBy: null })),
        conflicts: {
          holidays,
          blackouts: blackouts
            .filter((b) => b.startDate <= option.endDate && b.endDate >= option.startDate)
            .map((b) => ({
              organisation: toSummary(b.organisation),
              reason: mayRead(b.organisation.id) ? b.reason : null,
              startDate: b.startDate,
              endDate: b.endDate,
            })),
        },
        chosen: forum.startDate === option.startDate && forum.endDate === option.endDate,
      };
    });
    const conflicts = (e: PollOptionView) =>
      e.conflicts.holidays.filter((h) => h.relation === 'overlaps').length + e.conflicts.blackouts.length;
    entries.sort(
      (a, b) =>
        b.tally.yes - a.tally.yes ||
        b.tally.ifNeedBe - a.tally.ifNeedBe ||
        conflicts(a) - conflicts(b) ||
        Number(b.option.preferred) - Number(a.option.preferred) ||
        a.option.startDate.localeCompare(b.option.startDate),
    );
    entries.forEach((entry, index) => (entry.rank = index + 1));
    return { forumId: forum.id, open: forum.pollClosedAt === null, invitedCount, rankedBy: RANKED_BY, options: entries };
  }

  private optionView(forum: Forum, option: DateOption): DateOptionView {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: forum.timeZone }).toISODate() as string;
    const warnings = option.endDate < today ? [`This option lies in the past (it ended on ${option.endDate} in ${forum.timeZone}).`] : [];
    return {
      id: option.id,
      forumId: forum.id,
      startDate: option.startDate,
      endDate: option.endDate,
      note: option.note,
      preferred: option.preferred,
      warnings,
    };
  }

  private async option(forum: Forum, optionId: string): Promise<DateOption> {
    const option = await this.em.findOne(DateOption, { id: optionId, forum });
    if (!option) {
      throw ProblemException.notFound('Date option', optionId);
    }
    return option;
  }

  private async ensureNotDuplicate(forum: Forum, startDate: string, endDate: string): Promise<void> {
    if (await this.em.count(DateOption, { forum, startDate, endDate })) {
      throw duplicate(startDate, endDate);
    }
  }

  private async saving(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw ProblemException.conflict(ProblemCode.DuplicateOption, 'This edition already has an option with these dates.', 'startDate');
      }
      throw error;
    }
  }
}

function duplicate(startDate: string, endDate: string): ProblemException {
  return ProblemException.conflict(
    ProblemCode.DuplicateOption,
    `This edition already has an option from ${startDate} to ${endDate}.`,
    'startDate',
  );
}

function checkRange(startDate: string, endDate: string): void {
  if (endDate < startDate) {
    throw ProblemException.validation([{ field: 'endDate', message: `endDate (${endDate}) must not be before startDate (${startDate})` }]);
  }
  const tooLong = spanTooLong(startDate, endDate);
  if (tooLong) {
    throw ProblemException.validation([{ field: 'endDate', message: `endDate: ${tooLong}`, constraint: 'maxSpan' }]);
  }
}

function voteView(vote: DateVote): VoteView {
  return {
    optionId: vote.option.id,
    organisation: toSummary(vote.organisation),
    answer: vote.answer,
    comment: vote.comment,
    castBy: vote.castBy,
    updatedAt: vote.updatedAt.toISOString(),
  };
}
