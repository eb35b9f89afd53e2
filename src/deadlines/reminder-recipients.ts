import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../common/locale';
import type { Deadline } from './deadline.entity';
import { DEADLINE_KIND_DEFINITIONS, withAudience } from './deadline-kinds';

/** One contact to remind, with what their organisation has not done. */
export interface ReminderRecipient {
  contactId: string;
  email: string;
  firstName: string;
  locale: Locale;
  organisation: string;
  organisationKo: string | null;
  /** The reason's code, as the pending list gives it. */
  missing: string;
}

/**
 * The contacts a deadline's reminder goes to now: those of the organisations of its kind's
 * audience (the pending list's, in one statement, since a reminder may go to thousands), not
 * erased, and not unsubscribed from `kind`; by organisation, then name.
 */
export async function reminderRecipients(em: EntityManager, deadline: Deadline, kind: string): Promise<ReminderRecipient[]> {
  const rows = await em.execute<Omit<ReminderRecipient, 'missing'>[]>(
    `${withAudience(deadline.kind)}
     select c.id as "contactId", c.email, c.first_name as "firstName", c.locale, o.name as organisation, o.name_ko as "organisationKo"
     from audience a
     join organisation o on o.id = a.organisation_id
     join contact c on c.organisation_id = o.id and c.erased_at is null
     where not (c.unsubscribed_from @> ?::jsonb)
     order by o.name, o.id, c.last_name, c.id`,
    [deadline.forum.id, JSON.stringify([kind])],
  );
  const missing = DEADLINE_KIND_DEFINITIONS[deadline.kind].reason.code;
  return rows.map((row) => ({ ...row, missing }));
}
