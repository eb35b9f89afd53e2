import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../access/principal';
import { ProblemException } from '../common/problem';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { ForumsService } from '../forums/forums.service';
import { ThemesService } from '../forums/themes.service';
import type { Session } from '../programme/session.entity';
import { type SessionWarning, SessionsService } from '../programme/sessions.service';
import { FieldVisitFromOfferDto, HostOfferDto } from './dto/registration.dto';
import { HostOffer } from './registration.entity';
import { RegistrationsService } from './registrations.service';

/** Offers to receive a delegation, and turning one into a field visit. */
@Injectable()
export class HostOffersService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly registrations: RegistrationsService,
    private readonly themes: ThemesService,
    private readonly deadlines: DeadlinesService,
    private readonly sessions: SessionsService,
  ) {}

  async get(forumRef: string, registrationId: string, principal: Principal | undefined): Promise<HostOffer> {
    const registration = await this.registrations.get(forumRef, registrationId, principal);
    const offer = await this.em.findOne(HostOffer, { registration });
    if (!offer) {
      throw ProblemException.notFound('Host offer of registration', registrationId);
    }
    return offer;
  }

  async put(forumRef: string, registrationId: string, dto: HostOfferDto, principal: Principal | undefined): Promise<HostOffer> {
    const registration = await this.registrations.get(forumRef, registrationId, principal);
    await this.themes.themesOf(registration.forum, dto.themeIds ?? []);
    if (dto.availableFrom && dto.availableTo && dto.availableTo < dto.availableFrom) {
      throw ProblemException.validation([
        { field: 'availableTo', message: 'availableTo must not be before availableFrom', constraint: 'dateOrder' },
      ]);
    }
    const { late } = await this.deadlines.enforce(registration.forum, 'offer_hosting', principal);
    let offer = await this.em.findOne(HostOffer, { registration });
    if (!offer) {
      offer = new HostOffer({ registration, visitors: dto.visitors, description: dto.description.trim() });
      this.em.persist(offer);
    }
    offer.visitors = dto.visitors;
    offer.description = dto.description.trim();
    offer.themeIds = (dto.themeIds ?? []).map((id) => id.toLowerCase());
    offer.availableFrom = dto.availableFrom ?? null;
    offer.availableTo = dto.availableTo ?? null;
    offer.late = late || offer.late;
    await this.em.flush();
    return offer;
  }

  async remove(forumRef: string, registrationId: string, principal: Principal | undefined): Promise<void> {
    await this.em.remove(await this.get(forumRef, registrationId, principal)).flush();
  }

  /** Offers of the edition, optionally only those proposing one theme. */
  async list(forumRef: string, themeId?: string): Promise<HostOffer[]> {
    const forum = await this.forums.get(forumRef, true);
    const offers = await this.em.find(
      HostOffer,
      { registration: { forum } },
      { populate: ['registration.organisation'], orderBy: { createdAt: 'asc' } },
    );
    return themeId ? offers.filter((o) => o.themeIds.includes(themeId.toLowerCase())) : offers;
  }

  /** One step from an offer to a draft field visit, hosted by the offering organisation. */
  async toFieldVisit(
    forumRef: string,
    offerId: string,
    dto: FieldVisitFromOfferDto,
    actor: string,
  ): Promise<{ session: Session; warnings: SessionWarning[] }> {
    const forum = await this.forums.get(forumRef, true);
    const offer = await this.em.findOne(HostOffer, { id: offerId, registration: { forum } }, { populate: ['registration.organisation'] });
    if (!offer) {
      throw ProblemException.notFound('Host offer', offerId);
    }
    const organisation = offer.registration.organisation;
    return this.sessions.create(
      forum.id,
      {
        kind: 'field_visit',
        title: dto.title ?? {
          fr: `Visite : ${organisation.name}`,
          ...(organisation.nameKo ? { ko: `현장 방문: ${organisation.nameKo}` } : {}),
          en: `Visit: ${organisation.name}`,
        },
        description: { fr: offer.description },
        themeId: offer.themeIds[0] ?? null,
        startsAt: dto.startsAt,
        endsAt: dto.endsAt,
        timeZone: dto.timeZone,
        venueName: organisation.name,
        capacity: dto.capacity ?? offer.visitors,
        status: 'draft',
        hosts: [{ organisationId: organisation.id, role: 'host' }],
      },
      actor,
    );
  }
}
