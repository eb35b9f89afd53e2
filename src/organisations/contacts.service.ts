import { Injectable } from '@nestjs/common';
import { EntityManager, raw } from '@mikro-orm/postgresql';
import { AuditEntry } from '../audit/audit-entry.entity';
import { currentActor } from '../access/actor-context';
import { Clock } from '../common/clock';
import { Page, PageQuery, toPage } from '../common/pagination';
import { ProblemCode, ProblemException } from '../common/problem';
import { DomainEvents } from '../events/domain-events';
import { Contact } from './contact.entity';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { type ContactAccessLinkRecord, ContactAccessLinks, ContactErasing } from './organisation-events';
import { toContactView } from './organisation.views';
import { OrganisationsService } from './organisations.service';

export interface ContactExport {
  exportedAt: string;
  contact: ReturnType<typeof toContactView> & { createdAt: string; updatedAt: string };
  organisation: { id: string; name: string; country: string };
  accessLinks: ContactAccessLinkRecord[];
  auditTrail: { at: string; action: string; entityType: string; actorLabel: string; changes: Record<string, unknown> | null }[];
}

const ERASED_NAME = '[erased]';

/** The magic link the current request acts through, if any. */
function actingAccessLinkId(): string | null {
  const { principal } = currentActor();
  return principal?.kind === 'authority' ? principal.accessLinkId : null;
}

@Injectable()
export class ContactsService {
  constructor(
    private readonly em: EntityManager,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async list(organisationId: string, query: PageQuery): Promise<Page<Contact>> {
    const organisation = await this.organisations.get(organisationId);
    const [items, total] = await this.em.findAndCount(
      Contact,
      { organisation },
      { orderBy: { lastName: 'asc', firstName: 'asc', id: 'asc' }, limit: query.perPage, offset: query.offset },
    );
    return toPage(items, total, query);
  }

  async get(organisationId: string, contactId: string): Promise<Contact> {
    const contact = await this.em.findOne(Contact, { id: contactId, organisation: organisationId });
    if (!contact) {
      throw ProblemException.notFound('Contact', contactId);
    }
    return contact;
  }

  async create(organisationId: string, dto: CreateContactDto): Promise<Contact> {
    const organisation = await this.organisations.get(organisationId);
    await this.ensureEmailFree(organisationId, dto.email);
    const contact = new Contact({ organisation, firstName: dto.firstName.trim(), lastName: dto.lastName.trim(), email: dto.email.trim() });
    contact.addedByAccessLinkId = actingAccessLinkId();
    this.apply(contact, dto);
    await this.em.persist(contact).flush();
    return contact;
  }

  async update(organisationId: string, contactId: string, dto: UpdateContactDto): Promise<Contact> {
    const contact = await this.get(organisationId, contactId);
    if (dto.email !== undefined && dto.email.trim().toLowerCase() !== contact.email.toLowerCase()) {
      await this.ensureEmailFree(organisationId, dto.email, contactId);
      // A new address is as good as a new person: its links answer to the link that wrote it.
      contact.addedByAccessLinkId = actingAccessLinkId() ?? contact.addedByAccessLinkId;
    }
    this.apply(contact, dto);
    await this.em.flush();
    return contact;
  }

  async remove(organisationId: string, contactId: string): Promise<void> {
    const contact = await this.get(organisationId, contactId);
    await this.em.remove(contact).flush();
  }

  /** Stops one kind of email for one contact; true when the contact exists. */
  async unsubscribe(contactId: string, kind: string): Promise<boolean> {
    const contact = await this.em.findOne(Contact, { id: contactId });
    if (!contact) {
      return false;
    }
    if (!contact.unsubscribedFrom.includes(kind)) {
      contact.unsubscribedFrom = [...contact.unsubscribedFrom, kind];
      await this.em.flush();
    }
    return true;
  }

  /** Everything held on one person, for a data-protection request. */
  async export(organisationId: string, contactId: string): Promise<ContactExport> {
    const contact = await this.get(organisationId, contactId);
    const [links, audit] = await Promise.all([
      this.events.emit(ContactAccessLinks, { contactId: contact.id }),
      this.em.find(AuditEntry, { $or: [{ entityId: contact.id }, { actorId: contact.id }] }, { orderBy: { at: 'asc' } }),
    ]);
    return {
      exportedAt: this.clock.now().toISOString(),
      contact: { ...toContactView(contact), createdAt: contact.createdAt.toISOString(), updatedAt: contact.updatedAt.toISOString() },
      organisation: { id: contact.organisation.id, name: contact.organisation.name, country: contact.organisation.country },
      accessLinks: links.flat(),
      auditTrail: audit.map((a) => ({
        at: a.at.toISOString(),
        action: a.action,
        entityType: a.entityType,
        actorLabel: a.actorLabel,
        changes: a.changes,
      })),
    };
  }

  /**
   * Anonymises the person: the row stays (delegations and counts keep adding up) but nothing
   * identifies them any more, in the contact or in the audit trail; their magic links stop working.
   */
  async erase(organisationId: string, contactId: string): Promise<Contact> {
    const contact = await this.get(organisationId, contactId);
    const now = this.clock.now();
    await this.em.transactional(async (em) => {
      contact.firstName = ERASED_NAME;
      contact.lastName = ERASED_NAME;
      contact.function = null;
      contact.phone = null;
      contact.email = `erased-${contact.id}@invalid`;
      contact.erasedAt = contact.erasedAt ?? now;
      em.persist(contact);
      await this.events.emit(ContactErasing, { em, contactId: contact.id, at: now });
      await em.flush();
      await em.nativeUpdate(AuditEntry, { entityId: contact.id }, { changes: null });
      await em.nativeUpdate(AuditEntry, { actorId: contact.id }, { actorLabel: `${ERASED_NAME} (magic link)` });
    });
    return contact;
  }

  private async ensureEmailFree(organisationId: string, email: string, exceptId?: string): Promise<void> {
    const taken = await this.em.count(Contact, {
      organisation: organisationId,
      [raw('lower(email)')]: email.trim().toLowerCase(),
      ...(exceptId ? { id: { $ne: exceptId } } : {}),
    });
    if (taken > 0) {
      throw ProblemException.conflict(
        ProblemCode.EmailTaken,
        `This organisation already has a contact with the email ${email} (emails are compared without case).`,
        'email',
      );
    }
  }

  private apply(contact: Contact, dto: UpdateContactDto): void {
    if (dto.firstName !== undefined) {
      contact.firstName = dto.firstName.trim();
    }
    if (dto.lastName !== undefined) {
      contact.lastName = dto.lastName.trim();
    }
    if (dto.function !== undefined) {
      contact.function = dto.function?.trim() || null;
    }
    if (dto.email !== undefined) {
      contact.email = dto.email.trim();
    }
    if (dto.phone !== undefined) {
      contact.phone = dto.phone;
    }
    if (dto.locale !== undefined) {
      contact.locale = dto.locale;
    }
    if (dto.wantsDigest !== undefined) {
      contact.wantsDigest = dto.wantsDigest;
    }
  }
}
