import type { ReceivedMail } from '../scripts/smtp-sink';
import { createContact, createForum, createOrganisation, invite } from './support/factories';
import { auth, Harness, ORGANISERS_EMAIL, startHarness, unique } from './support/harness';
import { parseEvents } from './support/ics';

interface Invite {
  mail: ReceivedMail;
  ics: string;
  method: string;
  uid: string;
  sequence: number;
}

describe('Calendar invites by email (iTIP)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) => h.app.inject({ method, url, headers: auth, payload });

  async function setting(locale = 'fr') {
    const forum = await createForum(h, { timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26', status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id, { firstName: locale === 'ko' ? '민지' : 'Caroline', lastName: locale === 'ko' ? '김' : 'Millan', locale, email: `${unique('attendee')}@ville.test` });
    await invite(h, forum.id, [organisation.id]);
    const registration = (await call('POST', `${base}/registrations`, { organisationId: organisation.id })).json<{ id: string }>();
    const delegate = (await call('POST', `${base}/registrations/${registration.id}/delegates`, { role: 'elected_official', contactId: contact.id })).json<{ id: string }>();
    const session = (
      await call('POST', `${base}/sessions`, {
        kind: 'field_visit',
        title: { fr: 'Visite des éco-quartiers', ko: '생태 지구 방문' },
        startsAt: '2024-09-25T14:00:00+09:00',
        endsAt: '2024-09-25T17:00:00+09:00',
        capacity: 10,
        venueName: unique('Fort d’Issy'),
        venueCity: 'Séoul',
        status: 'published',
        hosts: [{ organisationId: organisation.id, role: 'host' }],
      })
    ).json<{ id: string }>();
    const enrolment = `${base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${session.id}`;
    return { base, contact, session, enrolment };
  }

  // Invites only: the same person also gets the receipt of the registration.
  const invitesTo = (email: string) => h.smtp.received.filter((m) => m.envelopeTo.includes(email) && /text\/calendar/i.test(m.raw));

  async function nextInvite(email: string, count: number): Promise<Invite> {
    const mail = await h.smtp.waitFor(() => invitesTo(email).length >= count);
    const last = invitesTo(email)[count - 1] ?? mail;
    const part = last.parsed.attachments.find((a) => a.contentType === 'application/ics');
    const ics = part ? part.content.toString('utf8') : '';
    const [event] = parseEvents(ics);
    return { mail: last, ics, method: /METHOD:(\w+)/.exec(ics)?.[1] ?? '', uid: event?.uid ?? '', sequence: Number(/SEQUENCE:(\d+)/.exec(ics)?.[1]) };
  }

  it('sends a REQUEST with organiser, attendee, the session’s zone and its VTIMEZONE when a seat is confirmed', async () => {
    const { contact, session, enrolment } = await setting('ko');
    expect((await call('PUT', enrolment)).json().status).toBe('confirmed');

    const first = await nextInvite(contact.email as string, 1);
    expect(first.method).toBe('REQUEST');
    expect(first.mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(first.mail.parsed.subject).toMatch(/^초대: 생태 지구 방문 — 2024-09-25 14:00\(서울\) \/ 2024-09-25 07:00\(파리\)$/);
    expect(first.uid).toBe(`session-${session.id}@passerelle`);
    expect(first.ics).toMatch(/DTSTART;TZID=Asia\/Seoul:20240925T140000/);
    expect(first.ics).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Asia\/Seoul/);
    expect(first.ics).toMatch(new RegExp(`ORGANIZER;CN="?Passerelle"?:mailto:${ORGANISERS_EMAIL}`));
    // Long lines are folded at 75 octets (never inside a Hangul character): unfold to read them.
    const unfolded = first.ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toMatch(new RegExp(`ATTENDEE;[^\\r\\n]*PARTSTAT=NEEDS-ACTION[^\\r\\n]*CN="김민지":MAILTO:${(contact.email as string).replace('.', '\\.')}`, 'i'));
    expect(first.ics).toContain('파리 시간: 2024-09-25 07:00');

    // The confirmation carries the delegate's own agenda, as webcal:// and https://, and it works.
    const webcal = /webcal:\/\/\S+\.ics/.exec(first.mail.parsed.text ?? '')?.[0] as string;
    const https = /https?:\/\/\S+\/calendar\/delegates\/\S+\.ics/.exec(first.mail.parsed.text ?? '')?.[0] as string;
    expect(webcal.replace('webcal:', '')).toBe(https.replace(/^https?:/, ''));
    const feed = await h.app.inject({ method: 'GET', url: new URL(https).pathname });
    expect(feed.statusCode).toBe(200);
    expect(parseEvents(feed.body).map((e) => e.uid)).toContain(`session-${session.id}@passerelle`);
  });

  it('sends a new REQUEST with a higher SEQUENCE and the same UID when the time changes, and METHOD:CANCEL when the session is cancelled', async () => {
    const { base, contact, session, enrolment } = await setting();
    await call('PUT', enrolment);
    const first = await nextInvite(contact.email as string, 1);

    await call('PATCH', `${base}/sessions/${session.id}`, { startsAt: '2024-09-25T15:00:00+09:00', endsAt: '2024-09-25T18:00:00+09:00' });
    const moved = await nextInvite(contact.email as string, 2);
    expect(moved.method).toBe('REQUEST');
    expect(moved.uid).toBe(first.uid);
    expect(moved.sequence).toBeGreaterThan(first.sequence);
    expect(moved.ics).toMatch(/DTSTART;TZID=Asia\/Seoul:20240925T150000/);

    await call('POST', `${base}/sessions/${session.id}/cancel`, { reason: 'Typhon' });
    const cancelled = await nextInvite(contact.email as string, 3);
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.mail.raw).toMatch(/method=CANCEL/i);
    expect(cancelled.uid).toBe(first.uid);
    expect(cancelled.sequence).toBeGreaterThan(moved.sequence);
    expect(cancelled.ics).toContain('STATUS:CANCELLED');
  });

  it('sends a CANCEL with a higher SEQUENCE when the delegate leaves, then a higher REQUEST on return', async () => {
    const { contact, enrolment } = await setting();
    await call('PUT', enrolment);
    const first = await nextInvite(contact.email as string, 1);

    await call('DELETE', enrolment);
    const left = await nextInvite(contact.email as string, 2);
    await call('PUT', enrolment);
    const back = await nextInvite(contact.email as string, 3);

    expect([left.method, back.method]).toEqual(['CANCEL', 'REQUEST']);
    expect(left.sequence).toBeGreaterThan(first.sequence);
    expect(back.sequence).toBeGreaterThan(left.sequence);
  });

  it('does not send an invite for a description change, nor twice for the same enrolment', async () => {
    const { base, contact, session, enrolment } = await setting();
    await call('PUT', enrolment);
    await nextInvite(contact.email as string, 1);
    await call('PUT', enrolment);
    await call('PATCH', `${base}/sessions/${session.id}`, { description: { fr: 'Prévoir de bonnes chaussures' } });

    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(invitesTo(contact.email as string)).toHaveLength(1);
  });
});
