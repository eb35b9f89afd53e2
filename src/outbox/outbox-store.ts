import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock';
import type { Locale } from '../common/locale';
import { Batcher } from '../common/batcher';
import { sqlArray } from '../common/sql-array';
import type { IcsMethod, MessageStatus } from './message.entity';

/** An email to write to the outbox; its dedupe key makes writing it twice a no-op. */
export interface MessageDraft {
  kind: string;
  recipient: string;
  locale: Locale;
  template: string;
  data: Record<string, unknown>;
  dedupeKey: string;
  scheduledFor: Date;
  /** The edition it is about, for the organisers' view of the outbox. */
  forumId?: string | null;
  calendar?: { method: IcsMethod; content: string };
}

/** A message waiting to be sent: enough to put it on the mail queue. */
export interface WaitingMessage {
  id: string;
  scheduledFor: Date;
}

/** What sending a message needs of its outbox row, and no more. */
export interface OutboxRow {
  id: string;
  status: MessageStatus;
  recipient: string;
  locale: Locale;
  template: string;
  data: Record<string, unknown>;
  ics: string | null;
  icsMethod: IcsMethod | null;
}

interface SentRecord {
  id: string;
  smtpMessageId: string;
}

// Enough to fill the mail worker's slots many times over, small enough for one quick statement.
const MAX_BATCH = 200;

/** The columns of a draft as `jsonb_to_recordset` reads them. */
const DRAFT_COLUMNS =
  'id uuid, kind text, recipient text, locale text, template text, data jsonb, dedupe_key text, forum_id uuid, scheduled_for timestamptz, ics text, ics_method text';

/**
 * Drafts as one JSON parameter, so that any number of outbox rows is written by one statement
 * with one bound value: no value is escaped in JavaScript, whatever its text holds.
 */
function draftRecordset(drafts: MessageDraft[]): string {
  return JSON.stringify(
    drafts.map((d) => ({
      id: randomUUID(),
      kind: d.kind,
      recipient: d.recipient,
      locale: d.locale,
      template: d.template,
      data: d.data,
      dedupe_key: d.dedupeKey,
      forum_id: d.forumId ?? null,
      scheduled_for: d.scheduledFor.toISOString(),
      ics: d.calendar?.content ?? null,
      ics_method: d.calendar?.method ?? null,
    })),
  );
}

/**
 * The `message` table in plain SQL, for the hot paths: drafts are written many to a statement,
 * rows read for sending are read together, and `sent` outcomes are written together, one
 * statement for all that arrived while the previous one ran. A caller's promise settles only once
 * its own row is written.
 */
@Injectable()
export class OutboxStore {
  private readonly loads = new Batcher<string, OutboxRow | null>((ids) => this.loadMany(ids), MAX_BATCH);
  private readonly sents = new Batcher<SentRecord, void>((records) => this.markSentMany(records), MAX_BATCH);

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the drafts through `em` (in its transaction, if it is in one); a dedupe key already
   * there is left as it is. Returns, from the same statement, every message of these keys still
   * waiting: the new ones and those an earlier run wrote but did not see sent.
   */
  async insertAll(em: EntityManager, drafts: MessageDraft[]): Promise<WaitingMessage[]> {
    if (drafts.length === 0) {
      return [];
    }
    const now = this.clock.now().toISOString();
    // Inside one statement the second half sees the table as it was before the insert, so the
    // two halves never name the same row.
    const waiting = await em.execute<{ id: string; scheduledFor: Date | string }[]>(
      `with draft as (
         select * from jsonb_to_recordset(?::jsonb) as d(${DRAFT_COLUMNS})
       ), inserted as (
         insert into message (id, created_at, updated_at, kind, recipient, locale, template, data, dedupe_key, forum_id, scheduled_for, status, attempts, ics, ics_method)
         select id, ?::timestamptz, ?::timestamptz, kind, recipient, locale, template, data, dedupe_key, forum_id, scheduled_for, 'scheduled', 0, ics, ics_method from draft
         on conflict (dedupe_key) do nothing
         returning id, scheduled_for
       )
       select id, scheduled_for as "scheduledFor" from inserted
       union all
       select m.id, m.scheduled_for from message m join draft d on d.dedupe_key = m.dedupe_key where m.status in ('scheduled', 'queued')`,
      [draftRecordset(drafts), now, now],
    );
    return waiting.map((w) => ({ id: w.id, scheduledFor: new Date(w.scheduledFor) }));
  }

  load(id: string): Promise<OutboxRow | null> {
    return this.loads.add(id);
  }

  /** Resolves once the row says `sent`: until then, a crash may send the message again, never lose it. */
  markSent(id: string, smtpMessageId: string): Promise<void> {
    return this.sents.add({ id, smtpMessageId });
  }

  async markFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.em
      .getConnection()
      .execute(
        `update message set attempts = attempts + 1, last_error = ?, status = ?, updated_at = ?::timestamptz where id = ?`,
        [error, final ? 'failed' : 'queued', this.clock.now().toISOString(), id],
        'run',
      );
  }

  /** Those still `scheduled` are now on the mail queue. */
  async markQueued(ids: string[]): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    await this.em
      .getConnection()
      .execute(
        `update message set status = 'queued', updated_at = ?::timestamptz where id = any(?::uuid[]) and status = 'scheduled'`,
        [this.clock.now().toISOString(), sqlArray(ids)],
        'run',
      );
  }

  private async loadMany(ids: string[]): Promise<(OutboxRow | null)[]> {
    const rows = await this.em
      .getConnection()
      .execute<OutboxRow[]>(
        `select id, status, recipient, locale, template, data, ics, ics_method as "icsMethod" from message where id in (?)`,
        [ids],
      );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async markSentMany(records: SentRecord[]): Promise<void[]> {
    const at = this.clock.now().toISOString();
    await this.em.getConnection().execute(
      `update message as m set status = 'sent', sent_at = ?::timestamptz, updated_at = ?::timestamptz, smtp_message_id = v.smtp_message_id, attempts = m.attempts + 1, last_error = null
       from jsonb_to_recordset(?::jsonb) as v(id uuid, smtp_message_id text)
       where m.id = v.id`,
      [at, at, JSON.stringify(records.map((r) => ({ id: r.id, smtp_message_id: r.smtpMessageId })))],
      'run',
    );
    return records.map(() => undefined);
  }
}
