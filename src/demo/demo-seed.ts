import type { INestApplicationContext, Type } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { AccessLink } from '../auth/access-link.entity';
import { AccessLinksService } from '../auth/access-links.service';
import { AccountsService } from '../auth/accounts.service';
import { CreateUserDto } from '../auth/dto/auth.dto';
import type { OrganiserPrincipal } from '../access/principal';
import { User } from '../auth/user.entity';
import { createValidationPipe } from '../common/validation';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { CreateDeadlineDto } from '../deadlines/dto/deadline.dto';
import { DateOption, DateVote } from '../forums/date-option.entity';
import { DatePollService } from '../forums/date-poll.service';
import { CreateForumDto } from '../forums/dto/create-forum.dto';
import { UpdateForumDto } from '../forums/dto/update-forum.dto';
import { CreateDateOptionDto, VoteDto } from '../forums/dto/date-poll.dto';
import { CreateThemeDto } from '../forums/dto/theme.dto';
import { Forum } from '../forums/forum.entity';
import { HolidayCalendar } from '../forums/holidays';
import { ForumsService } from '../forums/forums.service';
import { Invitation } from '../forums/invitation.entity';
import { InvitationsService } from '../forums/invitations.service';
import { Theme } from '../forums/theme.entity';
import { ThemesService } from '../forums/themes.service';
import { Contact } from '../organisations/contact.entity';
import { ContactsService } from '../organisations/contacts.service';
import { CreateContactDto } from '../organisations/dto/contact.dto';
import { CreateOrganisationDto } from '../organisations/dto/organisation.dto';
import { CreatePartnershipDto } from '../organisations/dto/partnership.dto';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { Partnership } from '../organisations/partnership.entity';
import { PartnershipsService } from '../organisations/partnerships.service';
import { Message } from '../outbox/message.entity';
import { CreateSessionDto } from '../programme/dto/session.dto';
import { Enrolment } from '../participation/enrolment.entity';
import { Session } from '../programme/session.entity';
import { SessionsService } from '../programme/sessions.service';
import { CreateDelegateDto, CreateRegistrationDto, HostOfferDto } from '../participation/dto/registration.dto';
import { DelegatesService } from '../participation/delegates.service';
import { HostOffersService } from '../participation/host-offers.service';
import { InvitationLinksService } from '../participation/invitation-links.service';
import { Delegate, HostOffer, Registration } from '../participation/registration.entity';
import { RegistrationsService } from '../participation/registrations.service';
import {
  DEMO_CONTACTS,
  DEMO_DATE_OPTIONS_2024,
  DEMO_DEADLINES,
  DEMO_FORUMS_PAST,
  DEMO_INVITED_LIVE,
  DEMO_LIVE_DEADLINE,
  DEMO_NEXT_SLUG,
  DEMO_ORGANISATIONS,
  DEMO_ORGANISER_EMAIL,
  DEMO_PARTNERSHIPS,
  DEMO_POLL_ANSWERS,
  DEMO_REGISTRATIONS,
  type DemoForum,
  demoEmail,
  nextForum,
  nextForumDates,
} from './demo-data';

/** What a run added; a second run adds nothing (all zeros). */
export interface SeedReport {
  users: number;
  organisations: number;
  contacts: number;
  partnerships: number;
  forums: number;
  themes: number;
  dateOptions: number;
  invitations: number;
  sessions: number;
  registrations: number;
  delegates: number;
  enrolments: number;
  hostOffers: number;
  votes: number;
  deadlines: number;
}

const ACTOR = 'Groupe-pays Corée (démo)';
const pipe = createValidationPipe();

/**
 * Loads the demo through the application's services, the ones the API's controllers call, with
 * each body checked by the API's own validation pipe first: every rule of the product applies
 * to the demo's data. Each item is looked for by its natural key (a name, an email, a slug, a
 * title) and made only when missing, so a second run keeps what is there and adds nothing.
 * The 3rd edition is dated from `now` the first time only.
 */
export async function seedDemo(app: INestApplicationContext, options: { now?: Date } = {}): Promise<SeedReport> {
  return new DemoSeed(app).run(options.now ?? new Date());
}

/**
 * The live part of the demo, at each start: the 3rd edition's visit-choice deadline is set a day
 * and `delayMs` ahead, with a reminder a day before it, so the worker sends that reminder (to
 * the delegations with no field visit yet) `delayMs` after the start. The deadline is made anew
 * each time (a reminder already sent is never sent twice). Returns when the reminder fires.
 */
export async function scheduleLiveReminder(app: INestApplicationContext, options: { now?: Date; delayMs: number }): Promise<Date> {
  const now = options.now ?? new Date();
  const forum = await must(app, Forum, { slug: DEMO_NEXT_SLUG });
  const deadlines = app.get(DeadlinesService, { strict: false });
  const previous = await find(app, Deadline, { forum: forum.id, kind: DEMO_LIVE_DEADLINE.kind });
  if (previous) {
    await scoped(app, () => deadlines.remove(forum.id, previous.id));
  }
  const firesAt = new Date(Math.ceil((now.getTime() + options.delayMs) / 1000) * 1000);
  const dueAt = DateTime.fromJSDate(firesAt).plus({ days: 1 }).setZone(forum.timeZone);
  const dto = await valid(CreateDeadlineDto, {
    kind: DEMO_LIVE_DEADLINE.kind,
    title: DEMO_LIVE_DEADLINE.title,
    dueAt: dueAt.toISO({ suppressMilliseconds: true }),
    timeZone: forum.timeZone,
    reminderOffsets: [DEMO_LIVE_DEADLINE.offset],
    enforcement: 'soft',
  });
  await scoped(app, () => deadlines.create(forum.id, dto));
  return firesAt;
}

/** Who the current live reminder has reached so far (its messages sent), for the demo to say so. */
export async function liveReminderSentTo(app: INestApplicationContext): Promise<string[]> {
  const forum = await must(app, Forum, { slug: DEMO_NEXT_SLUG });
  const deadline = await find(app, Deadline, { forum: forum.id, kind: DEMO_LIVE_DEADLINE.kind });
  if (!deadline) {
    return [];
  }
  const sent = await app
    .get(EntityManager)
    .fork()
    .find(Message, { dedupeKey: { $like: `reminder-${deadline.id}-%` }, status: 'sent' }, { orderBy: { recipient: 'asc' } });
  return sent.map((message) => message.recipient);
}

/**
 * The other live part: one more authority invited to the 3rd edition, its contacts emailed their
 * magic links (the organisers' "invite and send"); at a later start, the links sent again.
 */
export async function sendLiveInvitation(app: INestApplicationContext): Promise<number> {
  const forum = await must(app, Forum, { slug: DEMO_NEXT_SLUG });
  const organisation = await must(app, Organisation, { name: DEMO_INVITED_LIVE });
  const links = app.get(InvitationLinksService, { strict: false });
  if (await find(app, Invitation, { forum: forum.id, organisation: organisation.id })) {
    return (await scoped(app, () => links.send(forum.id, { organisationIds: [organisation.id] }))).links;
  }
  return (await scoped(app, () => links.inviteAndSend(forum.id, [organisation.id]))).sent.links;
}

/** A member's magic link to the 3rd edition, for the banner: the last one emailed to `email` still valid, else a new one. */
export async function memberLink(
  app: INestApplicationContext,
  email = demoEmail(DEMO_CONTACTS.find((c) => c.lastName === 'Millan') as (typeof DEMO_CONTACTS)[number]),
  now = new Date(),
): Promise<string> {
  const forum = await must(app, Forum, { slug: DEMO_NEXT_SLUG });
  const latest = async (): Promise<string | null> => {
    const em = app.get(EntityManager).fork();
    const messages = await em.find(
      Message,
      { forumId: forum.id, kind: 'access_link', recipient: email },
      { orderBy: { createdAt: 'desc' }, limit: 5 },
    );
    for (const message of messages) {
      const link = await em.findOne(AccessLink, { id: message.dedupeKey.replace(/^access-link-/, '') });
      if (link && !link.revokedAt && link.expiresAt > now && typeof message.data.link === 'string') {
        return message.data.link;
      }
    }
    return null;
  };
  const found = await latest();
  if (found) {
    return found;
  }
  await scoped(app, () => app.get(AccessLinksService, { strict: false }).sendLinks(email, forum.id));
  const sent = await latest();
  if (!sent) {
    throw new Error(`No magic link could be made for ${email}: is its organisation invited to ${DEMO_NEXT_SLUG}?`);
  }
  return sent;
}

/** Runs a service call as a request would: in its own unit of work. */
function scoped<T>(app: INestApplicationContext, work: () => Promise<T>): Promise<T> {
  return RequestContext.create(app.get(EntityManager), work);
}

/** A request body checked as the API checks it (unknown fields, types, formats); a bad one throws the API's problem. */
async function valid<T extends object>(type: Type<T>, body: object): Promise<T> {
  return (await pipe.transform(body, { type: 'body', metatype: type, data: '' })) as T;
}

// A read of the seed's own: a fresh unit of work each time, so it sees what the services wrote.
function find<T extends object>(app: INestApplicationContext, entity: Type<T>, where: object): Promise<T | null> {
  return app.get(EntityManager).fork().findOne(entity, where);
}

function must<T extends object>(app: INestApplicationContext, entity: Type<T>, where: object): Promise<T> {
  return app.get(EntityManager).fork().findOneOrFail(entity, where);
}

class DemoSeed {
  private readonly report: SeedReport = {
    users: 0,
    organisations: 0,
    contacts: 0,
    partnerships: 0,
    forums: 0,
    themes: 0,
    dateOptions: 0,
    invitations: 0,
    sessions: 0,
    registrations: 0,
    delegates: 0,
    enrolments: 0,
    hostOffers: 0,
    votes: 0,
    deadlines: 0,
  };
  private readonly organisations = new Map<string, string>();
  private principal!: OrganiserPrincipal;

  constructor(private readonly app: INestApplicationContext) {}

  private service<T>(type: Type<T>): T {
    return this.app.get(type, { strict: false });
  }

  private em(): EntityManager {
    return this.app.get(EntityManager).fork();
  }

  private organisation(name: string): string {
    const id = this.organisations.get(name);
    if (!id) {
      throw new Error(`The demo names an organisation it does not load: ${name}`);
    }
    return id;
  }

  async run(now: Date): Promise<SeedReport> {
    await this.organiser();
    await this.directory();
    for (const demo of DEMO_FORUMS_PAST) {
      const forum = await this.edition(demo);
      if (demo.slug === 'forum-franco-coreen-2024') {
        await this.dateOptions(forum, DEMO_DATE_OPTIONS_2024);
      }
      await this.archive(forum, demo);
    }
    const existing = await this.em().findOne(Forum, { slug: DEMO_NEXT_SLUG });
    const holidays = this.service(HolidayCalendar);
    const today = DateTime.fromJSDate(now, { zone: 'Europe/Paris' }).toISODate() as string;
    const next = nextForum(
      existing?.startDate && existing.endDate
        ? { startDate: existing.startDate, endDate: existing.endDate }
        : nextForumDates(today, (from, to) => holidays.between(from, to, 'fr').length === 0),
    );
    const forum = await this.edition(next, true);
    const later = (days: number) => DateTime.fromISO(next.startDate).plus({ days }).toISODate() as string;
    await this.dateOptions(forum, [
      { startDate: next.startDate, endDate: next.endDate, preferred: true, note: 'Proposition des organisateurs : du mardi au jeudi' },
      { startDate: later(7), endDate: later(9), preferred: false, note: 'Une semaine plus tard' },
    ]);
    await this.votes(forum);
    await this.registrations(forum, next);
    await this.deadlines(forum, next);
    return this.report;
  }

  private async organiser(): Promise<void> {
    const em = this.em();
    if (await em.count(User, { email: DEMO_ORGANISER_EMAIL })) {
      return;
    }
    const dto = await valid(CreateUserDto, { email: DEMO_ORGANISER_EMAIL, name: ACTOR, role: 'admin' });
    const user = await scoped(this.app, () => this.service(AccountsService).createUser(dto));
    this.principal = { kind: 'organiser', role: 'admin', userId: user.id, label: ACTOR };
    this.report.users += 1;
  }

  /** Organisations, their contacts and partnerships. */
  private async directory(): Promise<void> {
    const user = await this.em().findOneOrFail(User, { email: DEMO_ORGANISER_EMAIL });
    this.principal = { kind: 'organiser', role: 'admin', userId: user.id, label: ACTOR };
    for (const demo of DEMO_ORGANISATIONS) {
      let organisation = await this.em().findOne(Organisation, { name: demo.name, country: demo.country });
      if (!organisation) {
        const dto = await valid(CreateOrganisationDto, demo);
        organisation = await scoped(this.app, () => this.service(OrganisationsService).create(dto));
        this.report.organisations += 1;
      }
      this.organisations.set(demo.name, organisation.id);
    }
    for (const demo of DEMO_CONTACTS) {
      const organisationId = this.organisation(demo.organisation);
      const email = demoEmail(demo);
      if (await this.em().count(Contact, { organisation: organisationId, email })) {
        continue;
      }
      const dto = await valid(CreateContactDto, {
        firstName: demo.firstName,
        lastName: demo.lastName,
        email,
        ...(demo.function ? { function: demo.function } : {}),
        locale: demo.locale ?? 'fr',
      });
      await scoped(this.app, () => this.service(ContactsService).create(organisationId, dto));
      this.report.contacts += 1;
    }
    for (const demo of DEMO_PARTNERSHIPS) {
      const [a, b] = [this.organisation(demo.a), this.organisation(demo.b)];
      if (
        await this.em().count(Partnership, {
          kind: demo.kind,
          $or: [
            { organisationA: a, organisationB: b },
            { organisationA: b, organisationB: a },
          ],
        })
      ) {
        continue;
      }
      const dto = await valid(CreatePartnershipDto, {
        organisationAId: a,
        organisationBId: b,
        kind: demo.kind,
        themes: demo.themes,
        ...(demo.since ? { since: demo.since } : {}),
      });
      await scoped(this.app, () => this.service(PartnershipsService).create(dto));
      this.report.partnerships += 1;
    }
  }

  /** The edition, its themes, invitations and programme. Made published (an archived one takes no change). */
  private async edition(demo: DemoForum, sendLinks = false): Promise<Forum> {
    let forum = await this.em().findOne(Forum, { slug: demo.slug });
    if (!forum) {
      const dto = await valid(CreateForumDto, {
        slug: demo.slug,
        editionNumber: demo.editionNumber,
        title: demo.title,
        description: demo.description,
        hostCountry: demo.hostCountry,
        timeZone: demo.timeZone,
        status: 'published',
        startDate: demo.startDate,
        endDate: demo.endDate,
      });
      forum = await scoped(this.app, () => this.service(ForumsService).create(dto));
      this.report.forums += 1;
    }
    if (forum.status === 'archived') {
      return forum;
    }
    const forumId = forum.id;
    const themes: string[] = [];
    for (const [index, title] of demo.themes.entries()) {
      let theme = (await this.em().find(Theme, { forum: forumId })).find((t) => t.title.fr === title.fr);
      if (!theme) {
        const dto = await valid(CreateThemeDto, { title, position: index + 1 });
        const created = await scoped(this.app, () => this.service(ThemesService).create(forumId, dto));
        theme = await this.em().findOneOrFail(Theme, { id: created.id });
        this.report.themes += 1;
      }
      themes.push(theme.id);
    }
    const invited = new Set((await this.em().find(Invitation, { forum: forumId })).map((i) => i.organisation.id));
    const toInvite = demo.invited.map((name) => this.organisation(name)).filter((id) => !invited.has(id));
    if (toInvite.length > 0) {
      // The edition to come: each contact gets its magic link by email, as the organisers' "invite and send" does.
      await scoped<unknown>(this.app, () =>
        sendLinks
          ? this.service(InvitationLinksService).inviteAndSend(forumId, toInvite)
          : this.service(InvitationsService).invite(forumId, toInvite),
      );
      this.report.invitations += toInvite.length;
    }
    const titles = new Set((await this.em().find(Session, { forum: forumId })).map((s) => s.title.fr));
    for (const session of demo.sessions) {
      if (titles.has(session.title.fr)) {
        continue;
      }
      const day = DateTime.fromISO(demo.startDate).plus({ days: session.day }).toISODate() as string;
      const dto = await valid(CreateSessionDto, {
        kind: session.kind,
        title: session.title,
        ...(session.description ? { description: session.description } : {}),
        ...(session.theme ? { themeId: themes[session.theme - 1] } : {}),
        startsAt: `${day}T${session.start}`,
        endsAt: `${day}T${session.end}`,
        timeZone: demo.timeZone,
        venueName: session.venueName,
        venueCity: session.venueCity,
        ...(session.venueAddress ? { venueAddress: session.venueAddress } : {}),
        ...(session.meetingPoint ? { meetingPoint: session.meetingPoint } : {}),
        ...(session.capacity ? { capacity: session.capacity } : {}),
        interpretation: session.interpretation ?? 'none',
        ...(session.interpretation && session.interpretation !== 'none' ? { interpretationLanguages: ['fr', 'ko'] } : {}),
        status: 'published',
        hosts: session.hosts.map((h) => ({ organisationId: this.organisation(h.organisation), role: h.role })),
      });
      await scoped(this.app, () => this.service(SessionsService).create(forumId, dto, ACTOR));
      this.report.sessions += 1;
    }
    return this.em().findOneOrFail(Forum, { id: forumId });
  }

  private async archive(forum: Forum, demo: DemoForum): Promise<void> {
    if (demo.status === 'archived' && forum.status !== 'archived') {
      const dto = await valid(UpdateForumDto, { status: 'archived' });
      await scoped(this.app, () => this.service(ForumsService).update(forum.id, dto));
    }
  }

  private async dateOptions(
    forum: Forum,
    options: { startDate: string; endDate: string; preferred: boolean; note: string }[],
  ): Promise<void> {
    if (forum.status === 'archived') {
      return;
    }
    for (const option of options) {
      if (await this.em().count(DateOption, { forum: forum.id, startDate: option.startDate, endDate: option.endDate })) {
        continue;
      }
      const dto = await valid(CreateDateOptionDto, option);
      await scoped(this.app, () => this.service(DatePollService).createOption(forum.id, dto));
      this.report.dateOptions += 1;
    }
  }

  /** Half of the invited authorities have answered the poll; the others have not yet. */
  private async votes(forum: Forum): Promise<void> {
    const options = await this.em().find(DateOption, { forum: forum.id }, { orderBy: { startDate: 'asc' } });
    for (const answer of DEMO_POLL_ANSWERS) {
      const organisationId = this.organisation(answer.organisation);
      for (const [index, option] of options.slice(0, 2).entries()) {
        if (await this.em().count(DateVote, { option: option.id, organisation: organisationId })) {
          continue;
        }
        const dto = await valid(VoteDto, {
          answer: answer.answers[index],
          ...(answer.comment && index === 1 ? { comment: answer.comment } : {}),
        });
        await scoped(this.app, () => this.service(DatePollService).vote(forum.id, option.id, organisationId, dto, ACTOR));
        this.report.votes += 1;
      }
    }
  }

  /** Registrations as the authorities would make them: delegates with their needs, visits chosen in order, a host offer. */
  private async registrations(forum: Forum, demo: DemoForum): Promise<void> {
    const themes = (await this.em().find(Theme, { forum: forum.id }, { orderBy: { position: 'asc' } })).map((t) => t.id);
    const sessions = await this.em().find(Session, { forum: forum.id });
    const sessionId = (title: string) => (sessions.find((s) => s.title.fr === title) as Session).id;
    for (const demoRegistration of DEMO_REGISTRATIONS) {
      const organisationId = this.organisation(demoRegistration.organisation);
      let registration = await this.em().findOne(Registration, { forum: forum.id, organisation: organisationId });
      if (!registration) {
        const dto = await valid(CreateRegistrationDto, {
          organisationId,
          status: demoRegistration.status,
          ...(demoRegistration.themes ? { themeIds: demoRegistration.themes.map((position) => themes[position - 1]) } : {}),
          ...(demoRegistration.notes ? { notes: demoRegistration.notes } : {}),
        });
        registration = await scoped(this.app, () => this.service(RegistrationsService).create(forum.id, dto, this.principal));
        this.report.registrations += 1;
      }
      const registrationId = registration.id;
      for (const demoDelegate of demoRegistration.delegates) {
        const contact = await this.em().findOneOrFail(Contact, { organisation: organisationId, lastName: demoDelegate.lastName });
        let delegate = await this.em().findOne(Delegate, { registration: registrationId, contact: contact.id });
        if (!delegate) {
          const dto = await valid(CreateDelegateDto, {
            contactId: contact.id,
            role: demoDelegate.role,
            needsInterpretation: demoDelegate.needsInterpretation ?? false,
            ...(demoDelegate.dietaryNotes ? { dietaryNotes: demoDelegate.dietaryNotes } : {}),
            ...(demoDelegate.accessNotes ? { accessNotes: demoDelegate.accessNotes } : {}),
          });
          delegate = await scoped(this.app, () => this.service(DelegatesService).create(forum.id, registrationId, dto, this.principal));
          this.report.delegates += 1;
        }
        const delegateId = delegate.id;
        for (const title of demoDelegate.visits ?? []) {
          const visit = sessionId(title);
          if (await this.em().count(Enrolment, { delegate: delegateId, session: visit })) {
            continue;
          }
          await scoped(this.app, () => this.service(DelegatesService).enrol(forum.id, registrationId, delegateId, visit, this.principal));
          this.report.enrolments += 1;
        }
      }
      const offer = demoRegistration.hostOffer;
      if (offer && !(await this.em().count(HostOffer, { registration: registrationId }))) {
        const after = (days: number) => DateTime.fromISO(demo.endDate).plus({ days }).toISODate();
        const dto = await valid(HostOfferDto, {
          visitors: offer.visitors,
          description: offer.description,
          themeIds: offer.themes.map((position) => themes[position - 1]),
          availableFrom: after(offer.daysAfter[0]),
          availableTo: after(offer.daysAfter[1]),
        });
        await scoped(this.app, () => this.service(HostOffersService).put(forum.id, registrationId, dto, this.principal));
        this.report.hostOffers += 1;
      }
    }
  }

  /** The deadlines still to come, each with its reminders (the visit choice is the live one: scheduleLiveReminder). */
  private async deadlines(forum: Forum, demo: DemoForum): Promise<void> {
    for (const deadline of DEMO_DEADLINES) {
      if (await this.em().count(Deadline, { forum: forum.id, kind: deadline.kind })) {
        continue;
      }
      const day = DateTime.fromISO(demo.startDate).minus({ days: deadline.daysBefore }).toISODate() as string;
      const dto = await valid(CreateDeadlineDto, {
        kind: deadline.kind,
        title: deadline.title,
        dueAt: `${day}T${deadline.time}`,
        timeZone: demo.timeZone,
        reminderOffsets: deadline.offsets,
        enforcement: deadline.enforcement,
      });
      await scoped(this.app, () => this.service(DeadlinesService).create(forum.id, dto));
      this.report.deadlines += 1;
    }
  }
}
