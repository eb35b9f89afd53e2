import type { INestApplicationContext } from '@nestjs/common';
import type { ReceivedMail } from '../../scripts/smtp-sink';
import { RepliesService } from '../../src/replies/replies.service';
import { createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, ORGANISERS_EMAIL, startHarness, unique } from '../support/harness';
import { googleReply, malformedReplies, ordinaryMail, outlookReply } from '../support/itip-replies';
import { until } from '../support/ports';
import { PrivateDovecot } from '../support/private-dovecot';

interface Delegate {
  id: string;
  email: string;
  name: string;
  enrolment: string;
}

interface EnrolmentView {
  sessionId: string;
  status: string;
  acceptedAt: string | null;
}

describe('Replies to invites, read from the organisers’ mailbox (iTIP REPLY over IMAP)', () => {
  let dovecot: PrivateDovecot;
  let h: Harness;
  let replies: RepliesService;

  beforeAll(async () => {
    dovecot = await PrivateDovecot.start();
    h = await startHarness({ worker: true, env: { IMAP_URL: dovecot.url } });
    replies = (h.worker as INestApplicationContext).get(RepliesService);
  });

  afterAll(async () => {
    await h?.close();
    await dovecot?.stop();
    delete process.env.IMAP_URL;
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });

  /** A field visit with `capacity` seats and `count` delegates of one French town, none enrolled yet. */
  async function visit(capacity: number, people: { firstName: string; lastName: string; locale: string }[]) {
    const forum = await createForum(h, { timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26', status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const organisation = await createOrganisation(h);
    await invite(h, forum.id, [organisation.id]);
    const registration = (await call('POST', `${base}/registrations`, { organisationId: organisation.id })).json<{ id: string }>();
    const session = (
      await call('POST', `${base}/sessions`, {
        kind: 'field_visit',
        title: { fr: 'Visite des éco-quartiers', ko: '생태 지구 방문' },
        startsAt: '2024-09-25T14:00:00+09:00',
        endsAt: '2024-09-25T17:00:00+09:00',
        capacity,
        venueName: unique('Fort d’Issy'),
        venueCity: 'Séoul',
        status: 'published',
        hosts: [{ organisationId: organisation.id, role: 'host' }],
      })
    ).json<{ id: string }>();
    const delegates: Delegate[] = [];
    for (const person of people) {
      const email = `${unique(person.firstName.toLowerCase())}@ville.test`;
      const contact = await createContact(h, organisation.id, { ...person, email });
      const delegate = (
        await call('POST', `${base}/registrations/${registration.id}/delegates`, { role: 'staff', contactId: contact.id })
      ).json<{ id: string }>();
      const enrolment = `${base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${session.id}`;
      delegates.push({ id: delegate.id, email, name: `${person.firstName} ${person.lastName}`, enrolment });
    }
    return { base, session, delegates };
  }

  const calendarMailsTo = (email: string) => h.smtp.received.filter((m) => m.envelopeTo.includes(email) && /text\/calendar/i.test(m.raw));

  async function calendarMail(email: string, count: number): Promise<{ mail: ReceivedMail; text: string; ics: string; sequence: number }> {
    await h.smtp.waitFor(() => calendarMailsTo(email).length >= count);
    const mail = calendarMailsTo(email)[count - 1];
    const ics = mail.parsed.attachments.find((a) => a.contentType === 'application/ics')?.content.toString('utf8') ?? '';
    return { mail, text: mail.parsed.text ?? '', ics: ics.replace(/\r\n[ \t]/g, ''), sequence: Number(/SEQUENCE:(\d+)/.exec(ics)?.[1]) };
  }

  async function enrolment(delegate: Delegate, sessionId: string): Promise<EnrolmentView | undefined> {
    const list = (await call('GET', delegate.enrolment.replace(/\/[^/]+$/, ''))).json<EnrolmentView[]>();
    return list.find((e) => e.sessionId === sessionId);
  }

  it('frees the seat of a delegate who declines in Outlook: the first on the waitlist gets it and its invite, and the decline is read once', async () => {
    const { session, delegates } = await visit(1, [
      { firstName: 'Caroline', lastName: 'Millan', locale: 'fr' },
      { firstName: 'Minji', lastName: 'Kim', locale: 'ko' },
      { firstName: 'Paul', lastName: 'Durand', locale: 'fr' },
    ]);
    const [caroline, minji, paul] = delegates;
    expect((await call('PUT', caroline.enrolment)).json<EnrolmentView>().status).toBe('confirmed');
    expect((await call('PUT', minji.enrolment)).json<EnrolmentView>().status).toBe('waitlisted');
    expect((await call('PUT', paul.enrolment)).json<EnrolmentView>().status).toBe('waitlisted');
    const invited = await calendarMail(caroline.email, 1);
    // Someone reads the replies (IMAP_URL), so the invite asks for one and says so.
    expect(invited.ics).toMatch(/ATTENDEE;[^\r\n]*RSVP=TRUE/);
    expect(invited.text).toContain("déclinez l'invitation dans votre agenda");

    const ordinary = await dovecot.deliver(ordinaryMail(ORGANISERS_EMAIL));
    const broken: number[] = [];
    for (const raw of malformedReplies(ORGANISERS_EMAIL)) {
      broken.push(await dovecot.deliver(raw));
    }
    const declined = await dovecot.deliver(
      outlookReply({
        sessionId: session.id,
        email: caroline.email,
        name: caroline.name,
        partstat: 'DECLINED',
        sequence: invited.sequence,
        organiser: ORGANISERS_EMAIL,
      }),
    );
    await replies.poll();

    expect(await enrolment(caroline, session.id)).toBeUndefined();
    expect(await enrolment(minji, session.id)).toMatchObject({ status: 'confirmed' });
    expect(await enrolment(paul, session.id)).toMatchObject({ status: 'waitlisted' });
    const promoted = await calendarMail(minji.email, 1);
    expect(promoted.mail.parsed.subject).toMatch(/^초대: 생태 지구 방문/);
    expect(promoted.ics).toContain('METHOD:REQUEST');
    const cancel = await calendarMail(caroline.email, 2);
    expect(cancel.ics).toContain('METHOD:CANCEL');
    expect(cancel.text).toContain("Vous avez décliné l'invitation");
    expect(cancel.sequence).toBeGreaterThan(invited.sequence);

    // The replies are marked read; the ordinary email is left for the organisers to read.
    expect(await dovecot.flagsOf(declined)).toContain('\\Seen');
    for (const uid of broken) {
      expect(await dovecot.flagsOf(uid)).toContain('\\Seen');
    }
    expect(await dovecot.flagsOf(ordinary)).not.toContain('\\Seen');

    // Read once: another reading finds nothing new, and nobody gets a second email.
    expect((await replies.poll()).messages).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(calendarMailsTo(caroline.email)).toHaveLength(2);
    expect(calendarMailsTo(minji.email)).toHaveLength(1);
    expect(await enrolment(paul, session.id)).toMatchObject({ status: 'waitlisted' });
  });

  it('records an acceptance from Google Calendar, and keeps the seat on a tentative answer or on a decline of an older version', async () => {
    const { base, session, delegates } = await visit(2, [
      { firstName: 'Minji', lastName: 'Kim', locale: 'ko' },
      { firstName: 'Caroline', lastName: 'Millan', locale: 'fr' },
    ]);
    const [minji, caroline] = delegates;
    await call('PUT', minji.enrolment);
    await call('PUT', caroline.enrolment);
    const first = await calendarMail(caroline.email, 1);
    await call('PATCH', `${base}/sessions/${session.id}`, {
      title: { fr: 'Visite des éco-quartiers de Gangdong', ko: '강동 생태 지구 방문' },
    });
    const renamed = await calendarMail(minji.email, 2);
    const current = await calendarMail(caroline.email, 2);
    expect(current.sequence).toBeGreaterThan(first.sequence);

    const accepted = await dovecot.deliver(
      googleReply({
        sessionId: session.id,
        email: minji.email.toUpperCase(),
        name: 'Kim, Minji',
        partstat: 'ACCEPTED',
        sequence: renamed.sequence,
        organiser: ORGANISERS_EMAIL,
      }),
    );
    const tentative = await dovecot.deliver(
      outlookReply({
        sessionId: session.id,
        email: caroline.email,
        name: caroline.name,
        partstat: 'TENTATIVE',
        sequence: current.sequence,
        organiser: ORGANISERS_EMAIL,
      }),
    );
    const stale = await dovecot.deliver(
      outlookReply({
        sessionId: session.id,
        email: caroline.email,
        name: caroline.name,
        partstat: 'DECLINED',
        sequence: first.sequence,
        organiser: ORGANISERS_EMAIL,
      }),
    );
    await replies.poll();

    await until(async () => (await enrolment(minji, session.id))?.acceptedAt !== null, 10_000, 'the acceptance to be recorded');
    expect(await enrolment(caroline, session.id)).toMatchObject({ status: 'confirmed', acceptedAt: null });
    for (const uid of [accepted, tentative, stale]) {
      expect(await dovecot.flagsOf(uid)).toContain('\\Seen');
    }
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(calendarMailsTo(caroline.email)).toHaveLength(2);
  });
});
