import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { currentActor } from '../access/actor-context';
import { AuditEntry, type ActorKind, type AuditAction } from './audit-entry.entity';

/** Entities whose every change is recorded; the others (outbox, sign-in links, the log itself) are not. */
export const AUDITED_ENTITIES = new Set([
  'Forum',
  'Invitation',
  'DateOption',
  'DateVote',
  'DateChoice',
  'Theme',
  'ThemeInterest',
  'Session',
  'SessionHost',
  'Registration',
  'Delegate',
  'HostOffer',
  'RegistrationQuestion',
  'Deadline',
  'Enrolment',
  'FeedToken',
  'Organisation',
  'Contact',
  'Partnership',
  'Blackout',
  'User',
  'ApiToken',
  'AccessLink',
]);

// Secrets and noise never reach the log.
const OMITTED_FIELDS = new Set(['tokenHash', 'updatedAt', 'createdAt', 'lastUsedAt']);

const ACTIONS: Partial<Record<ChangeSetType, AuditAction>> = {
  [ChangeSetType.CREATE]: 'create',
  [ChangeSetType.UPDATE]: 'update',
  [ChangeSetType.DELETE]: 'delete',
};

function describeActor(): { kind: ActorKind; id: string | null; label: string; requestId: string | null } {
  const { principal, requestId } = currentActor();
  if (!principal) {
    return { kind: 'system', id: null, label: 'system', requestId: requestId ?? null };
  }
  if (principal.kind === 'organiser') {
    return { kind: 'organiser', id: principal.userId, label: principal.label, requestId: requestId ?? null };
  }
  return { kind: 'authority', id: principal.contactId, label: principal.label, requestId: requestId ?? null };
}

function summarise(payload: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(payload)) {
    if (!OMITTED_FIELDS.has(field)) {
      changes[field] = value instanceof Date ? value.toISOString() : value;
    }
  }
  return changes;
}

/** Writes an audit entry for each change to an audited entity, inside the same flush and transaction. */
export class AuditSubscriber implements EventSubscriber {
  onFlush({ uow }: FlushEventArgs): void {
    const actor = describeActor();
    for (const changeSet of uow.getChangeSets()) {
      const action = ACTIONS[changeSet.type];
      if (!action || !AUDITED_ENTITIES.has(changeSet.meta.className)) {
        continue;
      }
      const changes = action === 'delete' ? null : summarise(changeSet.payload as Record<string, unknown>);
      if (action === 'update' && changes && Object.keys(changes).length === 0) {
        continue;
      }
      const entry = new AuditEntry({
        actorKind: actor.kind,
        actorLabel: actor.label,
        action,
        entityType: changeSet.meta.className,
        entityId: String(changeSet.getPrimaryKey()),
      });
      entry.actorId = actor.id;
      entry.changes = changes;
      entry.requestId = actor.requestId;
      uow.computeChangeSet(entry);
    }
  }
}
