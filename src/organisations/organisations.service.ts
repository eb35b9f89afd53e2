import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock';
import { Page, toPage } from '../common/pagination';
import { ProblemCode, ProblemException } from '../common/problem';
import { DomainEvents } from '../events/domain-events';
import { CreateOrganisationDto, ListOrganisationsQuery, UpdateOrganisationDto } from './dto/organisation.dto';
import { OrganisationReferences } from './organisation-events';
import { Organisation } from './organisation.entity';
import { Partnership } from './partnership.entity';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async list(query: ListOrganisationsQuery): Promise<Page<Organisation>> {
    const where: FilterQuery<Organisation> = { archivedAt: query.archived ? { $ne: null } : null };
    if (query.country) {
      where.country = query.country;
    }
    if (query.kind) {
      where.kind = query.kind;
    }
    if (query.q?.trim()) {
      const pattern = `%${escapeLike(query.q.trim())}%`;
      where.$or = [{ name: { $ilike: pattern } }, { nameKo: { $ilike: pattern } }];
    }
    const [items, total] = await this.em.findAndCount(Organisation, where, {
      orderBy: { name: 'asc', id: 'asc' },
      limit: query.perPage,
      offset: query.offset,
    });
    return toPage(items, total, query);
  }

  async get(id: string): Promise<Organisation> {
    const organisation = await this.em.findOne(Organisation, { id });
    if (!organisation) {
      throw ProblemException.notFound('Organisation', id);
    }
    return organisation;
  }

  /** An organisation's partnerships, either side, partners loaded. */
  async partnershipsOf(organisation: Organisation): Promise<Partnership[]> {
    return this.em.find(
      Partnership,
      { $or: [{ organisationA: organisation }, { organisationB: organisation }] },
      { populate: ['organisationA', 'organisationB'], orderBy: { createdAt: 'asc' } },
    );
  }

  async create(dto: CreateOrganisationDto): Promise<Organisation> {
    const organisation = new Organisation(dto);
    this.apply(organisation, dto);
    await this.em.persist(organisation).flush();
    return organisation;
  }

  async update(id: string, dto: UpdateOrganisationDto): Promise<Organisation> {
    const organisation = await this.get(id);
    this.apply(organisation, dto);
    await this.em.flush();
    return organisation;
  }

  async setArchived(id: string, archived: boolean): Promise<Organisation> {
    const organisation = await this.get(id);
    organisation.archivedAt = archived ? (organisation.archivedAt ?? this.clock.now()) : null;
    await this.em.flush();
    return organisation;
  }

  /** Refused once the organisation has taken part in an edition: its history must stay whole. */
  async remove(id: string): Promise<void> {
    const organisation = await this.get(id);
    const references = Object.assign(
      {},
      ...(await this.events.emit(OrganisationReferences, { organisationId: organisation.id })),
    ) as Record<string, number>;
    const invitations = references.invitations ?? 0;
    if (Object.values(references).some((count) => count > 0)) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        ProblemCode.OrganisationInUse,
        `${organisation.name} has taken part in an edition (${invitations} invitation(s)); archive it instead (POST /api/organisations/${id}/archive).`,
      );
    }
    await this.em.remove(organisation).flush();
  }

  private apply(organisation: Organisation, dto: UpdateOrganisationDto): void {
    if (dto.name !== undefined) {
      organisation.name = dto.name.trim();
    }
    if (dto.nameKo !== undefined) {
      organisation.nameKo = dto.nameKo?.trim() || null;
    }
    if (dto.country !== undefined) {
      organisation.country = dto.country;
    }
    if (dto.kind !== undefined) {
      organisation.kind = dto.kind;
    }
    if (dto.population !== undefined) {
      organisation.population = dto.population;
    }
    if (dto.website !== undefined) {
      organisation.website = dto.website;
    }
    if (dto.defaultLocale !== undefined) {
      organisation.defaultLocale = dto.defaultLocale;
    }
  }
}
