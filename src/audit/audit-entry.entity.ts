import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const ACTOR_KINDS = ['organiser', 'authority', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who created, changed or deleted what, and when. Written in the same flush as the change. */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['entityType', 'entityId'] })
@Index({ properties: ['at'] })
export class AuditEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at: Date = new Date();

  @Enum({ items: () => ACTOR_KINDS })
  actorKind: ActorKind;

  /** User id, contact id (magic link) or null (bootstrap token, system). */
  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'text' })
  actorLabel: string;

  @Enum({ items: () => AUDIT_ACTIONS })
  action: AuditAction;

  @Property({ type: 'text' })
  entityType: string;

  @Property({ type: 'uuid' })
  entityId: string;

  /** The fields written (new values); secrets left out. */
  @Property({ type: 'json', nullable: true })
  changes: Record<string, unknown> | null = null;

  @Property({ type: 'text', nullable: true })
  requestId: string | null = null;

  constructor(fields: { actorKind: ActorKind; actorLabel: string; action: AuditAction; entityType: string; entityId: string }) {
    this.actorKind = fields.actorKind;
    this.actorLabel = fields.actorLabel;
    this.action = fields.action;
    this.entityType = fields.entityType;
    this.entityId = fields.entityId;
  }
}
