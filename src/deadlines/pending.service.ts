import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Delegate, HostOffer, Registration } from '../registrations/registration.entity';
import type { Deadline } from './deadline.entity';
import type { PendingView } from './dto/deadline.dto';
import { Invitation } from '../forums/invitation.entity';
import { Contact } from '../organisations/contact.entity';
import type { Organisation } from '../organisations/organisation.entity';
import { fullName } from '../organisations/organisation.views';
import { Enrolment } from '../programme/enrolment.entity';

const ACTIVE = ['interested', 'confirmed'] as const;

/** Who has not yet done what a deadline asks: the reminders go to them, and only to them. */
@Injectable()
export class PendingService {
  constructor(private readonly em: EntityManager) {}

  /** The organisations (and their contacts) that have not done what the deadline asks, now. */
  async forDeadline(deadline: Deadline, em: EntityManager = this.em): Promise<PendingView[]> {
    const forum = deadline.forum;
    const invited = (await em.find(Invitation, { forum }, { populate: ['organisation'] })).map((i) => i.organisation).filter((o) => !o.archivedAt);
    const registrations = await em.find(Registration, { forum }, { populate: ['organisation'] });
    const active = registrations.filter((r) => (ACTIVE as readonly string[]).includes(r.status));
    const rows: { organisation: Organisation; missing: string; delegates?: string[] }[] = [];
    switch (deadline.kind) {
      case 'interest': {
        const registered = new Set(registrations.map((r) => r.organisation.id));
        rows.push(...invited.filter((o) => !registered.has(o.id)).map((organisation) => ({ organisation, missing: 'no registration yet' })));
        break;
      }
      case 'delegation': {
        const withDelegates = new Set((await em.find(Delegate, { registration: { $in: active } })).map((d) => d.registration.id));
        rows.push(...active.filter((r) => !withDelegates.has(r.id)).map((r) => ({ organisation: r.organisation, missing: 'no delegate yet' })));
        break;
      }
      case 'visit_choice': {
        const delegates = await em.find(Delegate, { registration: { $in: active } }, { populate: ['contact', 'registration'] });
        const choosing = new Set((await em.find(Enrolment, { delegate: { $in: delegates }, session: { kind: 'field_visit' } })).map((e) => e.delegate.id));
        for (const registration of active) {
          const without = delegates.filter((d) => d.registration.id === registration.id && !choosing.has(d.id));
          if (without.length > 0) {
            rows.push({ organisation: registration.organisation, missing: 'delegates without a field visit', delegates: without.map((d) => fullName(d.contact.firstName, d.contact.lastName)) });
          }
        }
        break;
      }
      case 'host_offer': {
        const offering = new Set((await em.find(HostOffer, { registration: { $in: active } })).map((o) => o.registration.id));
        rows.push(...active.filter((r) => !offering.has(r.id)).map((r) => ({ organisation: r.organisation, missing: 'no host offer (answer even if none)' })));
        break;
      }
      case 'documents':
      case 'custom': {
        // Nothing to check off in Passerelle: everyone still taking part is reminded.
        const out = new Set(registrations.filter((r) => r.status === 'excused' || r.status === 'cancelled').map((r) => r.organisation.id));
        rows.push(...invited.filter((o) => !out.has(o.id)).map((organisation) => ({ organisation, missing: 'not tracked here: everyone taking part' })));
        break;
      }
    }
    const contacts = rows.length ? await em.find(Contact, { organisation: { $in: rows.map((r) => r.organisation) }, erasedAt: null }, { orderBy: { lastName: 'asc' } }) : [];
    // Grouped once: a reminder to thousands of organisations must not compare every pair.
    const contactsOf = new Map<string, Contact[]>();
    for (const contact of contacts) {
      contactsOf.set(contact.organisation.id, [...(contactsOf.get(contact.organisation.id) ?? []), contact]);
    }
    return rows
      .sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'fr'))
      .map((row) => ({
        organisationId: row.organisation.id,
        organisation: row.organisation.name,
        missing: row.missing,
        delegates: row.delegates,
        contacts: (contactsOf.get(row.organisation.id) ?? []).map((c) => ({ contactId: c.id, name: fullName(c.firstName, c.lastName), firstName: c.firstName, email: c.email, locale: c.locale })),
      }));
  }
}
