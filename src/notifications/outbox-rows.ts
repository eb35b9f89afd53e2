import type { MessageDraft } from './notifications.service';

/** The columns of a draft as `jsonb_to_recordset` reads them; goes with `outboxRecordset`. */
export const OUTBOX_RECORD_COLUMNS = 'id uuid, kind text, recipient text, locale text, template text, data jsonb, dedupe_key text, forum_id uuid, scheduled_for timestamptz, ics text, ics_method text';

/**
 * Message drafts as one JSON parameter, so that any number of outbox rows is written by one
 * statement (`jsonb_to_recordset(?::jsonb) as d(${OUTBOX_RECORD_COLUMNS})`) with one bound value.
 */
export function outboxRecordset(drafts: MessageDraft[], ids: string[]): string {
  return JSON.stringify(
    drafts.map((d, i) => ({
      id: ids[i],
      kind: d.kind,
      recipient: d.recipient,
      locale: d.locale,
      template: d.template,
      data: d.data,
      dedupe_key: d.dedupeKey,
      forum_id: d.forum?.id ?? null,
      scheduled_for: d.scheduledFor.toISOString(),
      ics: d.calendar?.content ?? null,
      ics_method: d.calendar?.method ?? null,
    })),
  );
}
