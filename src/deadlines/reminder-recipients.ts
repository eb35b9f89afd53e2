import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../common/locale';
import type { Deadline, DeadlineKind } from './deadline.entity';

/** One contact to remind, with what their organisation has not done. */
export interface ReminderRecipient {
  contactId: string;
  email: string;
  firstName: string;
  locale: Locale;
  organisation: string;
  missing: string;
}

const INVITED = `select i.organisation_id from invitation i join organisation o on o.id = i.organisation_id where i.forum_id = (select id from forum_ref) and o.archived_at is null`;
const ACTIVE = `select r.id, r.organisation_id from registration r where r.forum_id = (select id from forum_ref) and r.status in ('interested', 'confirmed')`;

/**
 * Per kind, the organisations that have not done what the deadline asks and what they lack:
 * the same audience as PendingService.forDeadline (a test holds them equal), as one statement
 * instead of entities, since a reminder may go to thousands.
 */
const AUDIENCE: Record<DeadlineKind, string> = {
  interest: `select a.organisation_id, 'no registration yet' as missing from (${INVITED}) a
    where not exists (select 1 from registration r where r.forum_id = (select id from forum_ref) and r.organisation_id = a.organisation_id)`,
  delegation: `select a.organisation_id, 'no delegate yet' as missing from (${ACTIVE}) a
    where not exists (select 1 from delegate d where d.registration_id = a.id)`,
  visit_choice: `select a.organisation_id, 'delegates without a field visit' as missing from (${ACTIVE}) a
    where exists (select 1 from delegate d where d.registration_id = a.id and not exists (
      select 1 from enrolment e join session s on s.id = e.session_id where e.delegate_id = d.id and s.kind = 'field_visit'))`,
  host_offer: `select a.organisation_id, 'no host offer (answer even if none)' as missing from (${ACTIVE}) a
    where not exists (select 1 from host_offer h where h.registration_id = a.id)`,
  documents: everyoneTakingPart(),
  custom: everyoneTakingPart(),
};

function everyoneTakingPart(): string {
  return `select a.organisation_id, 'not tracked here: everyone taking part' as missing from (${INVITED}) a
    where not exists (select 1 from registration r where r.forum_id = (select id from forum_ref) and r.organisation_id = a.organisation_id and r.status in ('excused', 'cancelled'))`;
}

/**
 * The contacts a deadline's reminder goes to now: those of organisations that have not acted,
 * not erased, and not unsubscribed from `kind`; by organisation, then name.
 */
export async function reminderRecipients(em: EntityManager, deadline: Deadline, kind: string): Promise<ReminderRecipient[]> {
  return em.execute<ReminderRecipient[]>(
    `with forum_ref as (select ?::uuid as id), audience as (${AUDIENCE[deadline.kind]})
     select c.id as "contactId", c.email, c.first_name as "firstName", c.locale, o.name as organisation, a.missing
     from audience a
     join organisation o on o.id = a.organisation_id
     join contact c on c.organisation_id = o.id and c.erased_at is null
     where not (c.unsubscribed_from @> ?::jsonb)
     order by o.name, o.id, c.last_name, c.id`,
    [deadline.forum.id, JSON.stringify([kind])],
  );
}
