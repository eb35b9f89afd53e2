import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { pickLocale, type LocalizedText } from '../common/locale';
import { ForumsService } from '../forums/forums.service';
import { ProgrammeQuery } from './dto/session.dto';
import { type ProgrammeView, type SessionRecord, toProgrammeSessionView } from './session.views';

type Json<T> = T | string;

/** A row as the driver gives it: instants as text (MikroORM keeps pg from parsing dates), JSON maybe as text. */
interface ProgrammeRow extends Omit<
  SessionRecord,
  'theme' | 'startsAt' | 'endsAt' | 'title' | 'description' | 'interpretationLanguages' | 'hosts' | 'confirmedCount'
> {
  confirmedCount: number | string;
  startsAt: Date | string;
  endsAt: Date | string;
  title: Json<LocalizedText>;
  description: Json<LocalizedText>;
  interpretationLanguages: Json<string[]>;
  hosts: Json<SessionRecord['hosts']>;
  themeId: string | null;
  themeTitle: Json<LocalizedText> | null;
}

function json<T>(value: Json<T>): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function recordOfRow(row: ProgrammeRow): SessionRecord {
  return {
    ...row,
    startsAt: new Date(row.startsAt),
    endsAt: new Date(row.endsAt),
    title: json(row.title),
    description: json(row.description),
    interpretationLanguages: json(row.interpretationLanguages),
    hosts: json(row.hosts),
    confirmedCount: Number(row.confirmedCount),
    theme: row.themeId && row.themeTitle ? { id: row.themeId, title: json(row.themeTitle) } : null,
  };
}

// The public programme is the hottest read: one query with the hosts aggregated in PostgreSQL,
// read as plain rows (no entity hydration), whatever the number of sessions.
const PROGRAMME_SQL = `
select s.id, s.kind, s.title, s.description, s.starts_at as "startsAt", s.ends_at as "endsAt",
       s.venue_name as "venueName", s.venue_address as "venueAddress", s.venue_city as "venueCity",
       s.online_url as "onlineUrl", s.capacity, s.interpretation,
       s.interpretation_languages as "interpretationLanguages", s.meeting_point as "meetingPoint",
       s.transport_notes as "transportNotes", s.status, s.sequence,
       t.id as "themeId", t.title as "themeTitle",
       (select count(*) from enrolment e where e.session_id = s.id and e.status = 'confirmed') as "confirmedCount",
       coalesce(json_agg(json_build_object(
         'organisation', json_build_object('id', o.id, 'name', o.name, 'nameKo', o.name_ko, 'country', o.country),
         'role', h.role) order by h.created_at, h.id) filter (where h.id is not null), '[]') as hosts
  from session s
  left join theme t on t.id = s.theme_id
  left join session_host h on h.session_id = s.id
  left join organisation o on o.id = h.organisation_id
 where s.forum_id = ? and s.status = 'published'
   and (?::uuid is null or s.theme_id = ?::uuid)
   and (?::text is null or s.kind = ?::text)
   and (?::timestamptz is null or (s.starts_at >= ?::timestamptz and s.starts_at < ?::timestamptz))
 group by s.id, t.id
 order by s.starts_at, s.ends_at, s.id`;

/** The public programme: published sessions by day, in the reader's language and three zones. */
@Injectable()
export class ProgrammeService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
  ) {}

  async programme(forumRef: string, query: ProgrammeQuery, asOrganiser: boolean): Promise<ProgrammeView> {
    const forum = await this.forums.get(forumRef, asOrganiser);
    const locale = query.lang ?? 'fr';
    const dayStart = query.day ? DateTime.fromISO(query.day, { zone: forum.timeZone }).startOf('day') : null;
    const from = dayStart?.toJSDate() ?? null;
    const to = dayStart?.plus({ days: 1 }).toJSDate() ?? null;
    const theme = query.theme ?? null;
    const kind = query.kind ?? null;
    const rows = await this.em.getConnection().execute<ProgrammeRow[]>(PROGRAMME_SQL, [forum.id, theme, theme, kind, kind, from, from, to]);
    const days = new Map<string, ProgrammeView['days'][number]>();
    for (const row of rows) {
      const view = toProgrammeSessionView(recordOfRow(row), forum.timeZone, locale);
      const date = view.startsAt.forum.local.slice(0, 10);
      const day = days.get(date) ?? { date, sessions: [] };
      day.sessions.push(view);
      days.set(date, day);
    }
    return {
      forumId: forum.id,
      slug: forum.slug,
      title: pickLocale(forum.title, locale),
      timeZone: forum.timeZone,
      lang: locale,
      days: [...days.values()],
    };
  }
}
