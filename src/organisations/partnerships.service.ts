import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Page, toPage } from '../common/pagination';
import { ProblemCode, ProblemException } from '../common/problem';
import { CreatePartnershipDto, ListPartnershipsQuery, UpdatePartnershipDto } from './dto/partnership.dto';
import { Organisation } from './organisation.entity';
import { Partnership } from './partnership.entity';

@Injectable()
export class PartnershipsService {
  constructor(private readonly em: EntityManager) {}

  async list(query: ListPartnershipsQuery): Promise<Page<Partnership>> {
    const where: FilterQuery<Partnership> = {};
    if (query.organisationId) {
      where.$or = [{ organisationA: query.organisationId }, { organisationB: query.organisationId }];
    }
    if (query.kind) {
      where.kind = query.kind;
    }
    const [items, total] = await this.em.findAndCount(Partnership, where, {
      populate: ['organisationA', 'organisationB'],
      orderBy: { createdAt: 'asc', id: 'asc' },
      limit: query.perPage,
      offset: query.offset,
    });
    return toPage(items, total, query);
  }

  async get(id: string): Promise<Partnership> {
    const partnership = await this.em.findOne(Partnership, { id }, { populate: ['organisationA', 'organisationB'] });
    if (!partnership) {
      throw ProblemException.notFound('Partnership', id);
    }
    return partnership;
  }

  async create(dto: CreatePartnershipDto): Promise<Partnership> {
    if (dto.organisationAId.toLowerCase() === dto.organisationBId.toLowerCase()) {
      throw ProblemException.validation([{ field: 'organisationBId', message: 'an organisation cannot be in a partnership with itself' }]);
    }
    const [a, b] = await Promise.all([
      this.organisation(dto.organisationAId, 'organisationAId'),
      this.organisation(dto.organisationBId, 'organisationBId'),
    ]);
    // One row per pair and kind, whichever side was named first.
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    if (await this.em.count(Partnership, { organisationA: first, organisationB: second, kind: dto.kind })) {
      throw ProblemException.conflict(
        ProblemCode.DuplicatePartnership,
        `${a.name} and ${b.name} already have a ${dto.kind} partnership.`,
        'kind',
      );
    }
    const partnership = new Partnership({ organisationA: first, organisationB: second, kind: dto.kind });
    partnership.since = dto.since ?? null;
    partnership.themes = dto.themes ?? [];
    partnership.notes = dto.notes ?? null;
    await this.em.persist(partnership).flush();
    return partnership;
  }

  async update(id: string, dto: UpdatePartnershipDto): Promise<Partnership> {
    const partnership = await this.get(id);
    if (dto.kind !== undefined && dto.kind !== partnership.kind) {
      if (
        await this.em.count(Partnership, {
          organisationA: partnership.organisationA,
          organisationB: partnership.organisationB,
          kind: dto.kind,
        })
      ) {
        throw ProblemException.conflict(
          ProblemCode.DuplicatePartnership,
          `These organisations already have a ${dto.kind} partnership.`,
          'kind',
        );
      }
      partnership.kind = dto.kind;
    }
    if (dto.since !== undefined) {
      partnership.since = dto.since;
    }
    if (dto.themes !== undefined) {
      partnership.themes = dto.themes;
    }
    if (dto.notes !== undefined) {
      partnership.notes = dto.notes;
    }
    await this.em.flush();
    return partnership;
  }

  async remove(id: string): Promise<void> {
    await this.em.remove(await this.get(id)).flush();
  }

  private async organisation(id: string, field: string): Promise<Organisation> {
    const organisation = await this.em.findOne(Organisation, { id });
    if (!organisation) {
      throw ProblemException.validation([{ field, message: `${field} names no organisation` }]);
    }
    return organisation;
  }
}
