import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainEvent } from '../events/domain-events';

/** The organisations taking part in an edition (an active registration), read in the caller's transaction (participation answers). */
export const OrganisationsTakingPart = new DomainEvent<{ em: EntityManager; forumId: string }, string[]>('forum.organisations-taking-part');
