import type { INestApplicationContext } from '@nestjs/common';
import type { ReceivedMail } from '../../scripts/smtp-sink';
import { InvitesProcessor } from '../../src/participation/invites.processor';
import { createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, ORGANISERS_EMAIL, startHarness, unique } from '../support/harness';
import { parseEvents } from '../support/ics';

interface Invite {
  mail: ReceivedMail;
  text: string;
  ics: string;
  /** The attachment's file name. */
  file: string;
  method: string;
  uid: string;
  sequence: number;
}

/** When the session is, and in which days of the edition; the defaults are a September visit. */
interface Timing {
  startDate: string;
  endDate: string;
  startsAt: string;
  endsAt: string;
}

const SEPTEMBER: Timing = {
  startDate: '2024-09-24',
  endDate: '2024-09-26',
  startsAt: '2024-09-25T14:00:00+09:00',
  endsAt: '2024-09-25T17:00:00+09:00',
};
// Paris leaves summer time on 27 October: the visit moves from a 7-hour gap to an 8-hour one.
const AUTUMN: Timing = {
  startDate: '2024-10-24',
  endDate: '2024-11-02',
  startsAt: '2024-10-25T14:00:00+09:00',
  endsAt: '2024-10-25T17:00:00+09:00',
};

describe('Calendar invites by email (iTIP)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });

  async function setting(locale = 'fr', timing: Timing = SEPTEMBER) {
    const forum = await createForum(h, {
      timeZone: 'Asia/Seoul',
      startDate: timing.startDate,
      endDate: timing.endDate,
      status: 'published',
    });
    const base = `/api/forums/${forum.id}`;
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id, {
      firstName: locale === 'ko' ? '민지' : 'Caroline',
      lastName: locale === 'ko' ? '김' : 'Millan',
      locale,
      email: `${unique('attendee')}@ville.test`,
    });
    await invite(h, forum.id, [organisation.id]);
    const registration = (await call('POST', `${base}/registrations`, { organisationId: organisation.id })).json<{ id: string }>();
    const delegate = (
      await call('POST', `${base}/registrations/${registration.id}/delegates`, { role: 'elected_official', contactId: contact.id })
    ).json<{ id: string }>();
    const venue = unique('Fort d’Issy');
    const session = (
      await call('POST', `${base}/sessions`, {
        kind: 'field_visit',
        title: { fr: 'Visite des éco-quartiers', ko: '생태 지구 방문' },
        startsAt: timing.startsAt,
        endsAt: timing.endsAt,
        capacity: 10,
        venueName: venue,
        venueCity: 'Séoul',
        status: 'published',
        hosts: [{ organisationId: organisation.id, role: 'host' }],
      })
    ).json<{ id: string }>();
    const enrolment = `${base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${session.id}`;
    return { base, forum, delegate, contact, venue, session, enrolment };
  }

  // Invites only: the same person also gets the receipt of the registration.
  const invitesTo = (email: string) => h.smtp.received.filter((m) => m.envelopeTo.includes(email) && /text\/calendar/i.test(m.raw));

  async function nextInvite(email: string, count: number): Promise<Invite> {
    const mail = await h.smtp.waitFor(() => invitesTo(email).length >= count);
    const last = invitesTo(email)[count - 1] ?? mail;
    const part = last.parsed.attachments.find((a) => a.contentType === 'application/ics');
    const ics = part ? part.content.toString('utf8') : '';
    const [event] = parseEvents(ics);
    return {
      mail: last,
      text: last.parsed.text ?? '',
      ics,
      file: part?.filename ?? '',
      method: /METHOD:(\w+)/.exec(ics)?.[1] ?? '',
      uid: event?.uid ?? '',
      sequence: Number(/SEQUENCE:(\d+)/.exec(ics)?.[1]),
    };
  }

  it('sends a REQUEST with organiser, attendee, the session’s zone and its VTIMEZONE when a seat is confirmed', async () => {
    const { forum, delegate, contact, session, enrolment } = await setting('ko');
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
    expect(unfolded).toMatch(
      new RegExp(
        `ATTENDEE;[^\\r\\n]*PARTSTAT=NEEDS-ACTION[^\\r\\n]*CN="김민지":MAILTO:${(contact.email as string).replace('.', '\\.')}`,
        'i',
      ),
    );
    expect(first.ics).toContain('파리 시간: 2024-09-25 07:00');
    expect(first.file).toBe('invite.ics');

    // Nobody reads replies here (no IMAP_URL): the invite asks for none, and the email says where a seat is given up.
    expect(unfolded).toMatch(/ATTENDEE;[^\r\n]*RSVP=FALSE/);
    expect(first.text).toContain(
      `참가를 취소하시려면 소속 기관의 등록 페이지를 이용해 주십시오: https://passerelle.test/forums/${forum.slug}/registration#delegate-${delegate.id}`,
    );
    expect(first.text).not.toContain('거절');

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

  describe('each email says what happened, in the attendee’s language', () => {
    const UPDATE = {
      fr: {
        subject: /^Modifié : Visite des éco-quartiers — 2024-11-01 06:00 \(Paris\) \/ 2024-11-01 14:00 \(Séoul\)$/,
        lines: (from: string, to: string) => [
          'Horaire, heure de Paris : 2024-10-25 07:00–10:00 → 2024-11-01 06:00–09:00',
          'Horaire, heure de Séoul : 2024-10-25 14:00–17:00 → 2024-11-01 14:00–17:00',
          `Lieu : ${from}, Séoul → ${to}, Séoul`,
          'Votre place est maintenue.',
        ],
        seated: 'Votre place est confirmée',
      },
      ko: {
        subject: /^변경: 생태 지구 방문 — 2024-11-01 14:00\(서울\) \/ 2024-11-01 06:00\(파리\)$/,
        lines: (from: string, to: string) => [
          '서울 시간: 2024-10-25 14:00–17:00 → 2024-11-01 14:00–17:00',
          '파리 시간: 2024-10-25 07:00–10:00 → 2024-11-01 06:00–09:00',
          `장소: ${from}, Séoul → ${to}, Séoul`,
          '참가 등록은 그대로 유지됩니다.',
        ],
        seated: '참가가 확정되었습니다',
      },
    };

    it.each(['fr', 'ko'] as const)(
      'in %s, an update says what moved, from when and where to when and where, in Paris and Seoul time, as update.ics',
      async (locale) => {
        const { base, contact, venue, session, enrolment } = await setting(locale, AUTUMN);
        await call('PUT', enrolment);
        const first = await nextInvite(contact.email as string, 1);
        const newVenue = unique('Centre de recyclage de Gangdong');

        await call('PATCH', `${base}/sessions/${session.id}`, {
          startsAt: '2024-11-01T14:00:00+09:00',
          endsAt: '2024-11-01T17:00:00+09:00',
          venueName: newVenue,
        });
        const moved = await nextInvite(contact.email as string, 2);

        expect(moved.mail.parsed.subject).toMatch(UPDATE[locale].subject);
        for (const line of UPDATE[locale].lines(venue, newVenue)) {
          expect(moved.text).toContain(line);
        }
        expect(moved.text).not.toContain(UPDATE[locale].seated);
        expect(moved.file).toBe('update.ics');
        expect([moved.method, moved.uid]).toEqual(['REQUEST', first.uid]);
        expect(moved.sequence).toBeGreaterThan(first.sequence);
      },
    );

    it('tells an attendee every change since the invite they hold, even when a later change overtook the first one’s fan-out', async () => {
      const { base, contact, venue, session, enrolment } = await setting('fr', AUTUMN);
      await call('PUT', enrolment);
      await nextInvite(contact.email as string, 1);
      const newVenue = unique('Mairie de Gangdong');

      // Two changes before the calendar queue runs: the first fan-out finds the session a sequence further.
      const calendarQueue = (h.worker as INestApplicationContext).get(InvitesProcessor).worker;
      await calendarQueue.pause();
      await call('PATCH', `${base}/sessions/${session.id}`, { startsAt: '2024-11-01T14:00:00+09:00', endsAt: '2024-11-01T17:00:00+09:00' });
      await call('PATCH', `${base}/sessions/${session.id}`, { venueName: newVenue });
      await calendarQueue.resume();
      const update = await nextInvite(contact.email as string, 2);

      expect(update.text).toContain('Horaire, heure de Paris : 2024-10-25 07:00–10:00 → 2024-11-01 06:00–09:00');
      expect(update.text).toContain(`Lieu : ${venue}, Séoul → ${newVenue}, Séoul`);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(invitesTo(contact.email as string)).toHaveLength(2);
    });

    const CANCELLED = {
      fr: {
        subject: /^Annulé : Visite des éco-quartiers — /,
        says: ['Les organisateurs ont annulé Visite des éco-quartiers', 'Motif : Typhon annoncé sur Séoul'],
        left: 'plus inscrit',
      },
      ko: {
        subject: /^일정 취소: 생태 지구 방문 — /,
        says: ['주최 측이', '생태 지구 방문', '일정을 취소했습니다', '취소 사유: Typhon annoncé sur Séoul'],
        left: '참가 등록이 해제',
      },
    };

    it.each(['fr', 'ko'] as const)('in %s, a cancellation by the organisers gives their reason, as cancel.ics', async (locale) => {
      const { base, contact, session, enrolment } = await setting(locale);
      await call('PUT', enrolment);
      await nextInvite(contact.email as string, 1);

      await call('POST', `${base}/sessions/${session.id}/cancel`, { reason: 'Typhon annoncé sur Séoul' });
      const cancelled = await nextInvite(contact.email as string, 2);

      expect(cancelled.method).toBe('CANCEL');
      expect(cancelled.mail.parsed.subject).toMatch(CANCELLED[locale].subject);
      for (const words of CANCELLED[locale].says) {
        expect(cancelled.text).toContain(words);
      }
      expect(cancelled.text).not.toContain(CANCELLED[locale].left);
      expect(cancelled.file).toBe('cancel.ics');
    });

    const LEFT = {
      fr: {
        subject: /^Désinscription : Visite des éco-quartiers — /,
        says: ['Votre désinscription est enregistrée', 'la séance, elle, a toujours lieu'],
        cancelled: /annulé|Motif/,
      },
      ko: {
        subject: /^참가 취소: 생태 지구 방문 — /,
        says: ['참가 취소가 접수되었습니다', '일정 자체는 예정대로 진행됩니다'],
        cancelled: /주최 측|취소 사유/,
      },
    };

    it.each(['fr', 'ko'] as const)(
      'in %s, the cancel after leaving says the delegate left and the session still takes place, as cancel.ics',
      async (locale) => {
        const { contact, enrolment } = await setting(locale);
        await call('PUT', enrolment);
        await nextInvite(contact.email as string, 1);

        await call('DELETE', enrolment);
        const left = await nextInvite(contact.email as string, 2);

        expect(left.method).toBe('CANCEL');
        expect(left.mail.parsed.subject).toMatch(LEFT[locale].subject);
        for (const words of LEFT[locale].says) {
          expect(left.text).toContain(words);
        }
        expect(left.text).not.toMatch(LEFT[locale].cancelled);
        expect(left.file).toBe('cancel.ics');
      },
    );

    it.each(['fr', 'ko'] as const)(
      'in %s, raising the capacity or editing the description sends nothing to those already seated',
      async (locale) => {
        const { base, contact, session, enrolment } = await setting(locale);
        await call('PUT', enrolment);
        await nextInvite(contact.email as string, 1);

        expect((await call('PATCH', `${base}/sessions/${session.id}`, { capacity: 30 })).statusCode).toBe(200);
        expect(
          (
            await call('PATCH', `${base}/sessions/${session.id}`, {
              description: { fr: 'Prévoir de bonnes chaussures', ko: '편한 신발을 준비하세요' },
            })
          ).statusCode,
        ).toBe(200);
        // Then a change calendars do show: its invite is the next, and says only what it changed.
        await call('PATCH', `${base}/sessions/${session.id}`, {
          title: { fr: 'Visite des éco-quartiers de Gangdong', ko: '강동 생태 지구 방문' },
        });
        const renamed = await nextInvite(contact.email as string, 2);

        await new Promise((resolve) => setTimeout(resolve, 800));
        expect(invitesTo(contact.email as string)).toHaveLength(2);
        expect(renamed.text).toContain(
          locale === 'fr'
            ? 'Intitulé : Visite des éco-quartiers → Visite des éco-quartiers de Gangdong'
            : '제목: 생태 지구 방문 → 강동 생태 지구 방문',
        );
        expect(renamed.text).not.toMatch(/chaussures|신발|Horaire|시간:|Lieu|장소/);
      },
    );
  });
});
