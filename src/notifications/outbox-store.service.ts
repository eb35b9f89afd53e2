import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock';
import type { Locale } from '../common/locale';
import { Batcher } from '../common/batcher';
import type { IcsMethod, MessageStatus } from './message.entity';
import type { MessageDraft } from './notifications.service';
import { OUTBOX_RECORD_COLUMNS, outboxRecordset } from './outbox-rows';

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

/** A message waiting to be sent: enough to put it on the mail queue. */
export interface WaitingMessage {
  id: string;
  scheduledFor: Date;
}

interface SentRecord {
  id: string;
  smtpMessageId: string;
}

// Enough to fill the mail worker's slots many times over, small enough for one quick statement.
const MAX_BATCH = 200;

/**
 * The outbox rows in plain SQL, for the hot path of a fan-out: rows read for sending are read
 * together, and `sent` outcomes are written together, one statement for all that arrived while
 * the previous one ran. A caller's promise settles only once its own row is written.
 */
@Injectable()
export class OutboxStore {
  private readonly loads = new Batcher<string, OutboxRow | null>((ids) => this.loadMany(ids), MAX_BATCH);
  private readonly sents = new Batcher<SentRecord, void>((records) => this.markSentMany(records), MAX_BATCH);

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

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
      .execute(`update message set attempts = attempts + 1, last_error = ?, status = ?, updated_at = ?::timestamptz where id = ?`, [error, final ? 'failed' : 'queued', this.clock.now().toISOString(), id], 'run');
  }

  /**
   * Writes the drafts (a dedupe key already there is left as it is) and returns, in one
   * statement, every message of these keys still waiting: the new ones and those a previous run
   * wrote but did not see sent.
   */
  async insertAll(drafts: MessageDraft[]): Promise<WaitingMessage[]> {
    if (drafts.length === 0) {
      return [];
    }
    const now = this.clock.now().toISOString();
    const recordset = outboxRecordset(drafts, drafts.map(() => randomUUID()));
    // Inside one statement the second half sees the table as it was before the insert, so the
    // two halves never name the same row.
    const waiting = await this.em.getConnection().execute<{ id: string; scheduledFor: Date | string }[]>(
      `with draft as (
         select * from jsonb_to_recordset(?::jsonb) as d(${OUTBOX_RECORD_COLUMNS})
       ), inserted as (
         insert into message (id, created_at, updated_at, kind, recipient, locale, template, data, dedupe_key, forum_id, scheduled_for, status, attempts, ics, ics_method)
         select id, ?::timestamptz, ?::timestamptz, kind, recipient, locale, template, data, dedupe_key, forum_id, scheduled_for, 'scheduled', 0, ics, ics_method from draft
         on conflict (dedupe_key) do nothing
         returning id, scheduled_for
       )
       select id, scheduled_for as "scheduledFor" from inserted
       union all
       select m.id, m.scheduled_for from message m join draft d on d.dedupe_key = m.dedupe_key where m.status in ('scheduled', 'queued')`,
      [recordset, now, now],
    );
    return waiting.map((w) => ({ id: w.id, scheduledFor: new Date(w.scheduledFor) }));
  }

  private async loadMany(ids: string[]): Promise<(OutboxRow | null)[]> {
    const rows = await this.em
      .getConnection()
      .execute<OutboxRow[]>(`select id, status, recipient, locale, template, data, ics, ics_method as "icsMethod" from message where id in (?)`, [ids]);
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
