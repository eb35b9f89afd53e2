import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ProblemException } from '../common/problem';
import { spanTooLong } from '../common/time';
import { Blackout } from './blackout.entity';
import { CreateBlackoutDto, UpdateBlackoutDto } from './dto/blackout.dto';
import { OrganisationsService } from './organisations.service';

@Injectable()
export class BlackoutsService {
  constructor(
    private readonly em: EntityManager,
    private readonly organisations: OrganisationsService,
  ) {}

  async list(organisationId: string): Promise<Blackout[]> {
    const organisation = await this.organisations.get(organisationId);
    return this.em.find(Blackout, { organisation }, { orderBy: { startDate: 'asc', id: 'asc' } });
  }

  async create(organisationId: string, dto: CreateBlackoutDto): Promise<Blackout> {
    checkRange(dto.startDate, dto.endDate);
    const organisation = await this.organisations.get(organisationId);
    const blackout = new Blackout({ organisation, startDate: dto.startDate, endDate: dto.endDate, reason: dto.reason.trim() });
    await this.em.persist(blackout).flush();
    return blackout;
  }

  async update(organisationId: string, blackoutId: string, dto: UpdateBlackoutDto): Promise<Blackout> {
    const blackout = await this.get(organisationId, blackoutId);
    checkRange(dto.startDate ?? blackout.startDate, dto.endDate ?? blackout.endDate);
    blackout.startDate = dto.startDate ?? blackout.startDate;
    blackout.endDate = dto.endDate ?? blackout.endDate;
    blackout.reason = dto.reason?.trim() ?? blackout.reason;
    await this.em.flush();
    return blackout;
  }

  async remove(organisationId: string, blackoutId: string): Promise<void> {
    await this.em.remove(await this.get(organisationId, blackoutId)).flush();
  }

  private async get(organisationId: string, blackoutId: string): Promise<Blackout> {
    const blackout = await this.em.findOne(Blackout, { id: blackoutId, organisation: organisationId });
    if (!blackout) {
      throw ProblemException.notFound('Blackout', blackoutId);
    }
    return blackout;
  }
}

function checkRange(startDate: string, endDate: string): void {
  if (endDate < startDate) {
    throw ProblemException.validation([
      { field: 'endDate', message: `endDate (${endDate}) must not be before startDate (${startDate})`, constraint: 'dateOrder' },
    ]);
  }
  const tooLong = spanTooLong(startDate, endDate);
  if (tooLong) {
    throw ProblemException.validation([{ field: 'endDate', message: `endDate: ${tooLong}`, constraint: 'maxSpan' }]);
  }
}
