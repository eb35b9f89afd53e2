import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { RequireRole } from '../access/access.decorators';
import { ApiPageResponse, Page, PageQuery, toPage } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import { AUDIT_ACTIONS, AuditEntry, type AuditAction } from './audit-entry.entity';
import { AUDITED_ENTITIES } from './audit.subscriber';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ enum: [...AUDITED_ENTITIES] })
  @IsOptional()
  @IsIn([...AUDITED_ENTITIES], { message: `entityType must be one of ${[...AUDITED_ENTITIES].join(', ')}` })
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;
}

class AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ enum: ['organiser', 'authority', 'system'] }) actorKind!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty() actorLabel!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiPropertyOptional({ nullable: true, type: Object }) changes!: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: String }) requestId!: string | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  @ApiOperation({ summary: 'Who created, changed or deleted what, newest first (admins)' })
  @ApiPageResponse(AuditEntryView)
  @ApiProblems(400, 401, 403)
  async list(@Query() query: AuditQuery): Promise<Page<AuditEntryView>> {
    const where: FilterQuery<AuditEntry> = {};
    if (query.entityType) {
      where.entityType = query.entityType;
    }
    if (query.entityId) {
      where.entityId = query.entityId;
    }
    if (query.action) {
      where.action = query.action;
    }
    const [items, total] = await this.em.findAndCount(AuditEntry, where, {
      orderBy: { at: 'desc', id: 'asc' },
      limit: query.perPage,
      offset: query.offset,
    });
    return toPage(
      items.map((e) => ({ ...e, at: e.at.toISOString() })),
      total,
      query,
    );
  }
}
