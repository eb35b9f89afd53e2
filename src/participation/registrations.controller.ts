import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AllowAuthority, CurrentPrincipal } from '../access/access.decorators';
import { FeedTokensService } from './feed-tokens.service';
import type { Principal } from '../access/principal';
import { contentDisposition } from '../common/escape';
import { IdPipe } from '../common/id.pipe';
import { ApiPageResponse, Page, PageQuery } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import type { Enrolment } from './enrolment.entity';
import { EnrolmentsService, type Seat } from './enrolments.service';
import { SessionView, toSessionView } from '../programme/session.views';
import { DelegatesService } from './delegates.service';
import {
  CreateDelegateDto,
  CreateQuestionDto,
  CreateRegistrationDto,
  FieldVisitFromOfferDto,
  HostOfferDto,
  UpdateDelegateDto,
  UpdateQuestionDto,
  UpdateRegistrationDto,
} from './dto/registration.dto';
import {
  DelegateView,
  EnrolmentView,
  HostOfferView,
  QuestionView,
  RegistrationView,
  toDelegateView,
  toHostOfferView,
  toQuestionView,
  toRegistrationView,
} from './dto/registration.views';
import { HostOffersService } from './host-offers.service';
import { ParticipantsService } from './participants.service';
import { REGISTRATION_STATUSES, type RegistrationStatus } from './registration.entity';
import { RegistrationsService } from './registrations.service';

class ListRegistrationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;
}

class HostOffersQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Offers proposing this theme.' })
  @IsOptional()
  @IsUUID('all', { message: 'theme must be a theme id (UUID)' })
  theme?: string;
}

class ExportQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'], { message: 'format must be csv or xlsx' })
  format?: 'csv' | 'xlsx';
}

const OWN = { forumParam: 'forumId' };

function seatView(seat: Seat): EnrolmentView {
  return {
    sessionId: seat.sessionId,
    delegateId: seat.delegateId,
    status: seat.status,
    waitlistPosition: seat.waitlistPosition,
    queuedAt: seat.queuedAt.toISOString(),
    confirmedAt: seat.confirmedAt?.toISOString() ?? null,
    acceptedAt: seat.acceptedAt?.toISOString() ?? null,
    late: seat.late,
  };
}

class FeedLinksView {
  @ApiProperty({ description: 'The secret; shown this once.' }) token!: string;
  @ApiProperty({ example: 'https://passerelle.example.org/calendar/delegates/cal_….ics' }) https!: string;
  @ApiProperty({ example: 'webcal://passerelle.example.org/calendar/delegates/cal_….ics' }) webcal!: string;
}

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('forums/:forumId')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly delegates: DelegatesService,
    private readonly enrolments: EnrolmentsService,
    private readonly offers: HostOffersService,
    private readonly participants: ParticipantsService,
    private readonly feedTokens: FeedTokensService,
  ) {}

  @Get('questions')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'The questions registering organisations answer' })
  @ApiOkResponse({ type: [QuestionView] })
  @ApiProblems(401, 403, 404)
  async questions(@Param('forumId') forumId: string): Promise<QuestionView[]> {
    return (await this.registrations.questions(forumId)).map(toQuestionView);
  }

  @Post('questions')
  @ApiOperation({ summary: 'Add a question (text, choice or multiple_choice)' })
  @ApiCreatedResponse({ type: QuestionView })
  @ApiProblems(400, 401, 403, 404)
  async createQuestion(@Param('forumId') forumId: string, @Body() dto: CreateQuestionDto): Promise<QuestionView> {
    return toQuestionView(await this.registrations.createQuestion(forumId, dto));
  }

  @Patch('questions/:questionId')
  @ApiOperation({ summary: 'Change a question' })
  @ApiOkResponse({ type: QuestionView })
  @ApiProblems(400, 401, 403, 404)
  async updateQuestion(
    @Param('forumId') forumId: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() dto: UpdateQuestionDto,
  ): Promise<QuestionView> {
    return toQuestionView(await this.registrations.updateQuestion(forumId, questionId, dto));
  }

  @Delete('questions/:questionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a question' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async removeQuestion(@Param('forumId') forumId: string, @Param('questionId', IdPipe) questionId: string): Promise<void> {
    await this.registrations.removeQuestion(forumId, questionId);
  }

  @Get('registrations')
  @ApiOperation({ summary: 'Registrations of the edition' })
  @ApiPageResponse(RegistrationView)
  @ApiProblems(400, 401, 403, 404)
  async list(@Param('forumId') forumId: string, @Query() query: ListRegistrationsQuery): Promise<Page<RegistrationView>> {
    const page = await this.registrations.list(forumId, query);
    return { ...page, items: page.items.map((r) => toRegistrationView(r)) };
  }

  @Post('registrations')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Register an invited organisation (its own, through a magic link)' })
  @ApiCreatedResponse({ type: RegistrationView })
  @ApiProblems(400, 401, 403, 404, 409)
  async create(
    @Param('forumId') forumId: string,
    @Body() dto: CreateRegistrationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationView> {
    const registration = await this.registrations.create(forumId, dto, principal);
    return toRegistrationView(registration, await this.registrations.ranking(registration));
  }

  @Get('registrations/:registrationId')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Read a registration' })
  @ApiOkResponse({ type: RegistrationView })
  @ApiProblems(401, 403, 404)
  async get(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationView> {
    const registration = await this.registrations.get(forumId, registrationId, principal);
    return toRegistrationView(registration, await this.registrations.ranking(registration));
  }

  @Patch('registrations/:registrationId')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Change a registration: status (interested, confirmed, excused, cancelled), answers, themes, notes' })
  @ApiOkResponse({ type: RegistrationView })
  @ApiProblems(400, 401, 403, 404, 409)
  async update(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Body() dto: UpdateRegistrationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegistrationView> {
    const registration = await this.registrations.update(forumId, registrationId, dto, principal);
    return toRegistrationView(registration, await this.registrations.ranking(registration));
  }

  @Get('registrations/:registrationId/delegates')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'The delegation' })
  @ApiOkResponse({ type: [DelegateView] })
  @ApiProblems(401, 403, 404)
  async listDelegates(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DelegateView[]> {
    return (await this.delegates.list(forumId, registrationId, principal)).map(toDelegateView);
  }

  @Post('registrations/:registrationId/delegates')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Add a delegate: an existing contact (contactId) or a new one (contact)' })
  @ApiCreatedResponse({ type: DelegateView })
  @ApiProblems(400, 401, 403, 404, 409)
  async addDelegate(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Body() dto: CreateDelegateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DelegateView> {
    return toDelegateView(await this.delegates.create(forumId, registrationId, dto, principal));
  }

  @Patch('registrations/:registrationId/delegates/:delegateId')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Change a delegate' })
  @ApiOkResponse({ type: DelegateView })
  @ApiProblems(400, 401, 403, 404, 409)
  async updateDelegate(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Param('delegateId', IdPipe) delegateId: string,
    @Body() dto: UpdateDelegateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DelegateView> {
    return toDelegateView(await this.delegates.update(forumId, registrationId, delegateId, dto, principal));
  }

  @Delete('registrations/:registrationId/delegates/:delegateId')
  @AllowAuthority(OWN)
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a delegate; their seats go to the waitlists' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 409)
  async removeDelegate(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Param('delegateId', IdPipe) delegateId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.delegates.remove(forumId, registrationId, delegateId, principal);
  }

  @Get('registrations/:registrationId/delegates/:delegateId/enrolments')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'The sessions a delegate is in or waiting for' })
  @ApiOkResponse({ type: [EnrolmentView] })
  @ApiProblems(401, 403, 404)
  async listEnrolments(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Param('delegateId', IdPipe) delegateId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnrolmentView[]> {
    const enrolments = await this.delegates.listEnrolments(forumId, registrationId, delegateId, principal);
    return Promise.all(enrolments.map((e) => this.enrolmentView(e)));
  }

  @Put('registrations/:registrationId/delegates/:delegateId/enrolments/:sessionId')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Enrol a delegate in a session: a seat while there are some, else the waitlist, in order' })
  @ApiOkResponse({ type: EnrolmentView })
  @ApiProblems(401, 403, 404, 409)
  async enrol(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Param('delegateId', IdPipe) delegateId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnrolmentView> {
    return seatView(await this.delegates.enrol(forumId, registrationId, delegateId, sessionId, principal));
  }

  @Delete('registrations/:registrationId/delegates/:delegateId/enrolments/:sessionId')
  @AllowAuthority(OWN)
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave a session; the seat goes to the first on the waitlist' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 409)
  async leave(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Param('delegateId', IdPipe) delegateId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.delegates.leave(forumId, registrationId, delegateId, sessionId, principal);
  }

  @Post('registrations/:registrationId/delegates/:delegateId/feed-token')
  @AllowAuthority(OWN)
  @ApiOperation({
    summary: 'A new personal agenda feed URL for the delegate (the previous one stops working)',
    description: 'The secret is shown this once.',
  })
  @ApiCreatedResponse({ type: FeedLinksView })
  @ApiProblems(401, 403, 404)
  async issueFeed(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Param('delegateId', IdPipe) delegateId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FeedLinksView> {
    return this.feedTokens.issue(await this.delegates.get(forumId, registrationId, delegateId, principal));
  }

  @Delete('registrations/:registrationId/delegates/:delegateId/feed-token')
  @AllowAuthority(OWN)
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop the delegate’s personal agenda feed at once' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async revokeFeed(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Param('delegateId', IdPipe) delegateId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.feedTokens.revoke(await this.delegates.get(forumId, registrationId, delegateId, principal));
  }

  @Get('registrations/:registrationId/host-offer')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'The registration’s offer to receive a delegation' })
  @ApiOkResponse({ type: HostOfferView })
  @ApiProblems(401, 403, 404)
  async getOffer(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HostOfferView> {
    return toHostOfferView(await this.offers.get(forumId, registrationId, principal));
  }

  @Put('registrations/:registrationId/host-offer')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Offer to receive a delegation: themes, dates, visitors, what would be shown' })
  @ApiOkResponse({ type: HostOfferView })
  @ApiProblems(400, 401, 403, 404, 409)
  async putOffer(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @Body() dto: HostOfferDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HostOfferView> {
    return toHostOfferView(await this.offers.put(forumId, registrationId, dto, principal));
  }

  @Delete('registrations/:registrationId/host-offer')
  @AllowAuthority(OWN)
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw the offer' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async removeOffer(
    @Param('forumId') forumId: string,
    @Param('registrationId', IdPipe) registrationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.offers.remove(forumId, registrationId, principal);
  }

  @Get('host-offers')
  @ApiOperation({ summary: 'Offers to receive a delegation, by theme' })
  @ApiOkResponse({ type: [HostOfferView] })
  @ApiProblems(400, 401, 403, 404)
  async listOffers(@Param('forumId') forumId: string, @Query() query: HostOffersQuery): Promise<HostOfferView[]> {
    return (await this.offers.list(forumId, query.theme)).map((o) => toHostOfferView(o, true));
  }

  @Post('host-offers/:offerId/field-visit')
  @ApiOperation({ summary: 'Turn an offer into a draft field visit hosted by the offering organisation' })
  @ApiCreatedResponse({ type: SessionView })
  @ApiProblems(400, 401, 403, 404, 409)
  async toFieldVisit(
    @Param('forumId') forumId: string,
    @Param('offerId', IdPipe) offerId: string,
    @Body() dto: FieldVisitFromOfferDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionView> {
    const { session, warnings } = await this.offers.toFieldVisit(forumId, offerId, dto, principal.label);
    return toSessionView(
      session,
      0,
      warnings.map((warning) => warning.message),
    );
  }

  @Get('participants.csv')
  @ApiOperation({ summary: 'Participant list: Organisme, Prénom, Nom, Fonction, Rôle, Email, Visites; then the excused' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'xlsx'] })
  @ApiProblems(400, 401, 403, 404)
  async export(@Param('forumId') forumId: string, @Query() query: ExportQuery, @Res() reply: FastifyReply): Promise<void> {
    const sheet = await this.participants.sheet(forumId);
    if (query.format === 'xlsx') {
      await reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', 'participants.xlsx'))
        .send(await this.participants.xlsx(sheet));
      return;
    }
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', 'participants.csv'))
      .send(this.participants.csv(sheet));
  }

  private async enrolmentView(enrolment: Enrolment): Promise<EnrolmentView> {
    return {
      sessionId: enrolment.session.id,
      delegateId: enrolment.delegate.id,
      status: enrolment.status,
      waitlistPosition: await this.enrolments.waitlistPosition(enrolment),
      queuedAt: enrolment.queuedAt.toISOString(),
      confirmedAt: enrolment.confirmedAt?.toISOString() ?? null,
      acceptedAt: enrolment.acceptedAt?.toISOString() ?? null,
      late: enrolment.late,
    };
  }
}
