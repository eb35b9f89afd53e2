import { RequestContext } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { Deadline } from '../../src/deadlines/deadline.entity';
import { DateOption, DateVote } from '../../src/forums/date-option.entity';
import { Forum } from '../../src/forums/forum.entity';
import { HolidayCalendar } from '../../src/forums/holidays';
import { Invitation } from '../../src/forums/invitation.entity';
import { Theme } from '../../src/forums/theme.entity';
import { Contact } from '../../src/organisations/contact.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import { Partnership } from '../../src/organisations/partnership.entity';
import { Message } from '../../src/outbox/message.entity';
import { EnrolmentsService } from '../../src/participation/enrolments.service';
import { Session } from '../../src/programme/session.entity';
import { Delegate, HostOffer, Registration } from '../../src/participation/registration.entity';
import { DEMO_CONTACTS, DEMO_FULL_VISIT, DEMO_INVITED_LIVE, DEMO_NEXT_SLUG, DEMO_ORGANISATIONS, demoEmail } from '../../src/demo/demo-data';
import { liveReminderSentTo, memberLink, scheduleLiveReminder, seedDemo, sendLiveInvitation } from '../../src/demo/demo-seed';
import type { ReceivedMail } from '../../scripts/smtp-sink';
import { type Harness, PUBLIC_URL, startHarness } from '../support/harness';

const DAY = 24 * 3600_000;

describe('Demo data', () => {
  // A harness of its own: an empty database, a worker and an SMTP sink, as the demo runs them.
  let h: Harness;
  const now = new Date();

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  const em = () => h.em.fork();

  it('loads, through the services, the two past Forums and a 3rd one still to come; a second run adds nothing', async () => {
    const first = await seedDemo(h.app, { now });
    expect(first.organisations).toBe(DEMO_ORGANISATIONS.length);
    expect(first.contacts).toBe(DEMO_CONTACTS.length);
    expect(first.forums).toBe(3);

    const second = await seedDemo(h.app, { now: new Date(now.getTime() + 40 * DAY) });
    expect(Object.values(second).every((count) => count === 0)).toBe(true);
    expect(await em().count(Organisation, {})).toBe(DEMO_ORGANISATIONS.length);
    expect(await em().count(Forum, {})).toBe(3);
    const issy = await em().findOneOrFail(Organisation, { name: 'Issy-les-Moulineaux' });
    const twinning = await em().findOneOrFail(
      Partnership,
      { $or: [{ organisationA: issy }, { organisationB: issy }] },
      { populate: ['organisationA', 'organisationB'] },
    );
    expect([twinning.organisationA.name, twinning.organisationB.name].sort()).toEqual(['Guro-gu', 'Issy-les-Moulineaux']);
    expect((await em().findOneOrFail(Contact, { lastName: 'Millan' })).email).toBe('caroline.millan@issy-les-moulineaux.example');
  });

  it('archives the 1st (2023, France) and 2nd (2024, Korea) Forums with the programmes of the minutes', async () => {
    const first = await em().findOneOrFail(Forum, { slug: 'forum-franco-coreen-2023' });
    expect(first).toMatchObject({
      editionNumber: 1,
      hostCountry: 'FR',
      status: 'archived',
      startDate: '2023-06-02',
      endDate: '2023-06-08',
    });
    const firstTitles = (await em().find(Session, { forum: first })).map((s) => s.title.fr);
    expect(firstTitles).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Fort d’Issy'),
        expect.stringContaining('École 42'),
        expect.stringContaining('Carré de Soie'),
        expect.stringContaining('Centre de supervision urbain'),
      ]),
    );

    const second = await em().findOneOrFail(Forum, { slug: 'forum-franco-coreen-2024' });
    expect(second).toMatchObject({
      editionNumber: 2,
      hostCountry: 'KR',
      timeZone: 'Asia/Seoul',
      status: 'archived',
      startDate: '2024-09-24',
      endDate: '2024-09-26',
    });
    const sessions = await em().find(Session, { forum: second }, { populate: ['theme'] });
    const titles = sessions.map((s) => s.title.fr);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringContaining('secrétaire général de GAROK'),
        expect.stringContaining('ambassade de France'),
        expect.stringContaining('diplomatie locale et attractivité territoriale'),
        expect.stringContaining('Visite de Seocho'),
      ]),
    );
    // One field visit by each of the four themes.
    const themed = sessions.filter((s) => s.kind === 'field_visit' && s.theme);
    expect(new Set(themed.map((s) => s.theme?.title.fr)).size).toBe(4);
    expect(await em().count(Theme, { forum: second })).toBe(4);
    expect(await em().count(DateOption, { forum: second })).toBe(2);
  });

  it('publishes a 3rd Forum about five months ahead in France, with a bilingual programme, few seats, hosts of both countries and interpretation', async () => {
    const forum = await em().findOneOrFail(Forum, { slug: DEMO_NEXT_SLUG });
    expect(forum).toMatchObject({ editionNumber: 3, hostCountry: 'FR', timeZone: 'Europe/Paris', status: 'published' });
    const ahead = DateTime.fromISO(forum.startDate as string).diff(DateTime.fromJSDate(now), 'days').days;
    expect(ahead).toBeGreaterThan(140);
    expect(ahead).toBeLessThan(200);
    // A Tuesday to Thursday that meets no public holiday of France or Korea.
    expect(DateTime.fromISO(forum.startDate as string).weekday).toBe(2);
    expect(h.app.get(HolidayCalendar).between(forum.startDate as string, forum.endDate as string, 'fr')).toEqual([]);

    const sessions = await em().find(Session, { forum, status: 'published' }, { populate: ['hosts.organisation'] });
    expect(sessions.length).toBeGreaterThanOrEqual(8);
    expect(sessions.every((s) => s.title.fr && s.title.ko)).toBe(true);
    const visits = sessions.filter((s) => s.kind === 'field_visit');
    expect(visits.length).toBeGreaterThanOrEqual(3);
    expect(visits.every((v) => (v.capacity as number) <= 10)).toBe(true);
    expect(new Set(sessions.flatMap((s) => s.hosts.getItems().map((host) => host.organisation.country)))).toEqual(new Set(['FR', 'KR']));
    expect(sessions.some((s) => s.interpretation !== 'none' && s.interpretationLanguages.includes('ko'))).toBe(true);

    // One visit is full, with a waiting list.
    const full = visits.find((v) => v.title.fr === DEMO_FULL_VISIT) as Session;
    const roster = await RequestContext.create(h.em, () => h.app.get(EnrolmentsService).roster(forum.id, full.id));
    expect(roster.seated).toHaveLength(full.capacity as number);
    expect(roster.waiting.length).toBeGreaterThanOrEqual(1);
  });

  it('has the date poll half answered, registrations with delegates and their needs, a host offer, future deadlines and messages in the outbox', async () => {
    const forum = await em().findOneOrFail(Forum, { slug: DEMO_NEXT_SLUG });
    const invited = await em().count(Invitation, { forum });
    const options = await em().find(DateOption, { forum });
    expect(options).toHaveLength(2);
    const answered = new Set((await em().find(DateVote, { option: { $in: options } })).map((v) => v.organisation.id));
    expect(answered.size).toBe(Math.floor(invited / 2));
    expect(forum.pollClosedAt).toBeNull();

    const registrations = await em().find(Registration, { forum }, { populate: ['organisation', 'delegates'] });
    expect(registrations.length).toBeGreaterThanOrEqual(4);
    expect(new Set(registrations.map((r) => r.organisation.country))).toEqual(new Set(['FR', 'KR']));
    const delegates = await em().find(Delegate, { registration: { forum } });
    expect(delegates.length).toBeGreaterThanOrEqual(8);
    expect(delegates.some((d) => d.dietaryNotes)).toBe(true);
    expect(delegates.some((d) => d.accessNotes)).toBe(true);
    expect(delegates.some((d) => d.needsInterpretation)).toBe(true);
    expect(await em().count(HostOffer, { registration: { forum } })).toBeGreaterThanOrEqual(1);

    const deadlines = await em().find(Deadline, { forum });
    expect(deadlines.length).toBeGreaterThanOrEqual(4);
    expect(deadlines.every((d) => d.dueAt.getTime() > now.getTime() && d.reminderOffsets.length > 0)).toBe(true);

    // Written by the services: the access links of the invitations, the seats' calendar invites, the organisers' notices.
    const kinds = new Set((await em().find(Message, { forumId: forum.id })).map((m) => m.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['access_link', 'session_invite', 'forum_created']));
  });

  it('sends, through the worker, the reminder due after the start to the delegations with no field visit, and the live invitation', async () => {
    const forum = await em().findOneOrFail(Forum, { slug: DEMO_NEXT_SLUG });
    const firesAt = await scheduleLiveReminder(h.app, { delayMs: 2_000 });
    expect(firesAt.getTime()).toBeGreaterThan(Date.now());
    const nantes = DEMO_CONTACTS.filter((c) => c.organisation === 'Nantes Métropole').map(demoEmail);
    const isReminder = (m: ReceivedMail) => (m.parsed.subject ?? '').startsWith('Rappel : Choisir vos visites de terrain');
    const reminder = await h.smtp.waitFor((m) => m.envelopeTo.includes(nantes[0]) && isReminder(m), 30_000);
    expect(reminder.parsed.text).toContain(forum.title.fr);
    await h.smtp.waitFor((m) => m.envelopeTo.includes(nantes[1]) && isReminder(m));
    // Only they have no field visit: nobody else is reminded.
    const reminded = await em().find(Message, { forumId: forum.id, kind: 'deadline_reminder' });
    expect(new Set(reminded.map((m) => m.recipient))).toEqual(new Set(nantes));
    // What the demo says once the worker has recorded them as sent.
    let sentTo: string[] = [];
    for (let tries = 0; tries < 100 && sentTo.length < nantes.length; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      sentTo = await liveReminderSentTo(h.app);
    }
    expect(sentTo.sort()).toEqual([...nantes].sort());

    // A later start sets the deadline again, and its reminder comes again.
    await scheduleLiveReminder(h.app, { delayMs: 1_000 });
    await h.smtp.waitFor(() => h.smtp.received.filter((m) => m.envelopeTo.includes(nantes[0]) && isReminder(m)).length === 2, 30_000);
    expect(await em().count(Deadline, { forum, kind: 'visit_choice' })).toBe(1);

    const incheon = demoEmail(DEMO_CONTACTS.find((c) => c.organisation === DEMO_INVITED_LIVE) as (typeof DEMO_CONTACTS)[number]);
    expect(await sendLiveInvitation(h.app)).toBe(1);
    const invitation = await h.smtp.waitFor((m) => m.envelopeTo.includes(incheon));
    expect(invitation.parsed.text).toContain(`${PUBLIC_URL}/access?token=`);
  });

  it('gives the banner a member’s magic link, the same one at each start while it lasts', async () => {
    const link = await memberLink(h.app);
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/access\\?token=`));
    expect(await memberLink(h.app)).toBe(link);
  });
});
