import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../common/locale';
import { fullName } from '../organisations/organisation.views';
import type { Deadline } from './deadline.entity';
import { DEADLINE_KIND_DEFINITIONS, withAudience } from './deadline-kinds';
import type { PendingView } from './dto/deadline.dto';

interface PendingRow {
  organisationId: string;
  organisation: string;
  contacts: { contactId: string; firstName: string; lastName: string; email: string; locale: Locale }[] | string;
  delegates: { firstName: string; lastName: string }[] | string | null;
}

/** Who has not yet done what a deadline asks: the reminders go to them, and only to them. */
@Injectable()
export class PendingService {
  constructor(private readonly em: EntityManager) {}

  /**
   * The organisations (and their contacts) that have not done what the deadline asks, now: the
   * audience of its kind, as the reminders read it, by name in French order.
   */
  async forDeadline(deadline: Deadline, em: EntityManager = this.em): Promise<PendingView[]> {
    const rows = await em.execute<PendingRow[]>(
      `${withAudience(deadline.kind)}
       select o.id as "organisationId", o.name as organisation,
              coalesce((select json_agg(json_build_object('contactId', c.id, 'firstName', c.first_name, 'lastName', c.last_name, 'email', c.email, 'locale', c.locale) order by c.last_name, c.id)
                          from contact c where c.organisation_id = o.id and c.erased_at is null), '[]'::json) as contacts,
              (select json_agg(json_build_object('firstName', p.first_name, 'lastName', p.last_name) order by x.position)
                 from unnest(a.delegate_ids) with ordinality as x(id, position) join delegate d on d.id = x.id join contact p on p.id = d.contact_id) as delegates
       from audience a join organisation o on o.id = a.organisation_id`,
      [deadline.forum.id],
    );
    const missing = DEADLINE_KIND_DEFINITIONS[deadline.kind].reason.code;
    return rows
      .sort((a, b) => a.organisation.localeCompare(b.organisation, 'fr'))
      .map((row) => {
        const delegates = row.delegates === null ? null : json(row.delegates);
        return {
          organisationId: row.organisationId,
          organisation: row.organisation,
          missing,
          ...(delegates ? { delegates: delegates.map((d) => fullName(d.firstName, d.lastName)) } : {}),
          contacts: json(row.contacts).map((c) => ({
            contactId: c.contactId,
            name: fullName(c.firstName, c.lastName),
            firstName: c.firstName,
            email: c.email,
            locale: c.locale,
          })),
        };
      });
  }

  /** The ids of the organisations a deadline still waits on. */
  async organisationsWaiting(deadline: Deadline, em: EntityManager = this.em): Promise<Set<string>> {
    const rows = await em.execute<{ organisationId: string }[]>(
      `${withAudience(deadline.kind)} select organisation_id as "organisationId" from audience`,
      [deadline.forum.id],
    );
    return new Set(rows.map((row) => row.organisationId));
  }
}

/** Raw queries return json columns parsed or not, depending on the column's path through the driver. */
function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
