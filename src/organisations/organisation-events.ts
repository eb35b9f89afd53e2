import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainEvent } from '../events/domain-events';

/** The rows of the rooms above that hold this organisation, counted by kind ({ invitations: 2 }); any, and it stays. */
export const OrganisationReferences = new DomainEvent<{ organisationId: string }, Record<string, number>>('organisation.references');

/** A contact is being erased, in this transaction: what identifies them elsewhere goes too (their magic links stop). */
export const ContactErasing = new DomainEvent<{ em: EntityManager; contactId: string; at: Date }>('contact.erasing');

/** A contact's magic links, for a data-protection export. */
export interface ContactAccessLinkRecord {
  id: string;
  forumId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const ContactAccessLinks = new DomainEvent<{ contactId: string }, ContactAccessLinkRecord[]>('contact.access-links');
