import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { MeetingRequest } from '../../src/meetings/meeting.entities';
import { MeetingRequestsService } from '../../src/meetings/meeting-requests.service';
import { Message } from '../../src/outbox/message.entity';
import { QueueName } from '../../src/queues/job-catalogue';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';
import { describeWithPython, icsCheck } from '../support/ics-check';

interface MeetingBody {
  id: string;
  blockId: string | null;
  table: string | null;
  interpreterId: string | null;
  unplacedCode: string | null;
  sequence: number;
  interpretation: string[] | null;
}

describeWithPython('Mise en relation through the API: profiles, suggestions, requests, blocks, interpreters, scheduling, invites', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = auth,
  ) => h.app.inject({ method, url, headers, payload });

  /** An edition in Seoul with two themes, Lyon (FR) and Daegu (KR) registered, each with a delegate; Daegu's needs interpretation. */
  async function edition() {
    const forum = await createForum(h, { status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const themes: string[] = [];
    for (const title of [
      { fr: 'Mobilité', ko: '교통' },
      { fr: 'Tourisme', ko: '관광' },
    ]) {
      themes.push((await call('POST', `${base}/themes`, { title })).json<{ id: string }>().id);
    }
    const organisation = async (
      name: string,
      country: string,
      kind: string,
      population: number,
      delegate: { firstName: string; locale: string; needsInterpretation: boolean },
    ) => {
      const org = await createOrganisation(h, { name: unique(name), country, kind, population });
      const contact = await createContact(h, org.id, { email: `${unique(name.toLowerCase())}@ville.test`, locale: delegate.locale });
      await invite(h, forum.id, [org.id]);
      const registration = (
        await call('POST', `${base}/registrations`, { organisationId: org.id, status: 'confirmed', themeIds: themes })
      ).json<{ id: string }>();
      const added = await call('POST', `${base}/registrations/${registration.id}/delegates`, {
        role: 'elected_official',
        locale: delegate.locale,
        needsInterpretation: delegate.needsInterpretation,
        contact: { firstName: delegate.firstName, lastName: 'Test', email: `${unique(delegate.firstName.toLowerCase())}@ville.test` },
      });
      expect(added.statusCode).toBe(201);
      const link = await accessTokenFor(h, contact.id, forum.id);
      return {
        id: org.id,
        contactId: contact.id,
        registrationId: registration.id,
        delegateId: added.json<{ id: string }>().id,
        headers: link.headers,
      };
    };
    const lyon = await organisation('Lyon', 'FR', 'metropole', 1_400_000, { firstName: 'Anne', locale: 'fr', needsInterpretation: false });
    const daegu = await organisation('Daegu', 'KR', 'metropolitan_city', 2_400_000, {
      firstName: 'Minji',
      locale: 'ko',
      needsInterpretation: true,
    });
    return { forum, base, themes, lyon, daegu };
  }

  async function messages(kind: string): Promise<Message[]> {
    return h.em.fork().find(Message, { kind }, { orderBy: { createdAt: 'asc' } });
  }

  it('keeps a profile for the organisation, refuses themes of another edition naming the field, and another organisation’s profile', async () => {
    const { base, themes, lyon, daegu } = await edition();
    const put = await call(
      'PUT',
      `${base}/organisations/${lyon.id}/meeting-profile`,
      {
        offersThemeIds: [themes[0]],
        seeksThemeIds: [themes[1]],
        offersCompetences: ['Mobilité  douce', 'mobilite douce'],
        partnerKinds: ['metropolitan_city'],
        languages: ['fr', 'en'],
      },
      lyon.headers,
    );
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      offersThemeIds: [themes[0]],
      offersCompetences: ['Mobilité douce'],
      partnerKinds: ['metropolitan_city'],
    });
    expect((await call('GET', `${base}/organisations/${lyon.id}/meeting-profile`, undefined, lyon.headers)).json().seeksThemeIds).toEqual([
      themes[1],
    ]);

    const foreign = await call(
      'PUT',
      `${base}/organisations/${lyon.id}/meeting-profile`,
      { seeksThemeIds: ['00000000-0000-4000-8000-000000000000'] },
      lyon.headers,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors).toEqual([expect.objectContaining({ field: 'seeksThemeIds' })]);
    const badSize = await call('PUT', `${base}/organisations/${lyon.id}/meeting-profile`, { partnerSizes: ['huge'] }, lyon.headers);
    expect(badSize.statusCode).toBe(400);
    expect(badSize.json().errors[0].field).toBe('partnerSizes');

    expect((await call('PUT', `${base}/organisations/${daegu.id}/meeting-profile`, {}, lyon.headers)).statusCode).toBe(403);
  });

  it('suggests the counterpart of the other country with reasons in the reader’s language', async () => {
    const { base, themes, lyon, daegu } = await edition();
    await call(
      'PUT',
      `${base}/organisations/${lyon.id}/meeting-profile`,
      { offersThemeIds: [themes[0]], languages: ['fr', 'en'] },
      lyon.headers,
    );
    await call(
      'PUT',
      `${base}/organisations/${daegu.id}/meeting-profile`,
      { seeksThemeIds: [themes[0]], languages: ['ko', 'en'] },
      daegu.headers,
    );

    const ko = await call('GET', `${base}/organisations/${daegu.id}/suggestions`, undefined, daegu.headers);
    expect(ko.statusCode).toBe(200);
    const [first] = ko.json<{ organisation: { id: string }; relation: string; reasons: string[]; reasonCodes: { code: string }[] }[]>();
    expect(first.organisation.id).toBe(lyon.id);
    expect(first.relation).toBe('new');
    expect(first.reasonCodes.map((r) => r.code)).toEqual(expect.arrayContaining(['offers_what_you_seek', 'common_language']));
    // Daegu's contact reads Korean: the theme title in Korean, Hangul in every reason.
    expect(first.reasons.join(' ')).toContain('교통');
    expect(first.reasons.every((r) => /[\uac00-\ud7af]/.test(r))).toBe(true);

    const fr = await call('GET', `${base}/organisations/${daegu.id}/suggestions?lang=fr`, undefined, daegu.headers);
    expect(fr.json()[0].reasons.join(' ')).toContain('Mobilité');
    const bad = await call('GET', `${base}/organisations/${daegu.id}/suggestions?lang=de`, undefined, daegu.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('lang');
  });

  it('asks for a meeting, tells the counterpart, refuses a second request and an answer from the requester, and accepts', async () => {
    const { base, themes, lyon, daegu } = await edition();
    const created = await call(
      'POST',
      `${base}/organisations/${lyon.id}/meeting-requests`,
      { counterpartId: daegu.id, topics: [themes[0]], note: 'Tramways' },
      lyon.headers,
    );
    expect(created.statusCode).toBe(201);
    const request = created.json<{ id: string; state: string; expiresAt: string }>();
    expect(request.state).toBe('requested');
    // Every contact of Daegu is told (its registered contact and its delegate's), each in their language.
    const told = (await messages('meeting_request')).filter((m) => m.dedupeKey.startsWith(`meeting-request-${request.id}`));
    expect(told).toHaveLength(2);
    const toContact = told.find((m) => m.dedupeKey.endsWith(daegu.contactId));
    expect(toContact?.locale).toBe('ko');
    expect(toContact?.data).toMatchObject({ topics: '교통', note: 'Tramways', reminder: false });

    const again = await call('POST', `${base}/organisations/${daegu.id}/meeting-requests`, { counterpartId: lyon.id }, daegu.headers);
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('counterpartId');
    const self = await call('POST', `${base}/organisations/${lyon.id}/meeting-requests`, { counterpartId: lyon.id }, lyon.headers);
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].field).toBe('counterpartId');

    expect(
      (await call('POST', `${base}/organisations/${lyon.id}/meeting-requests/${request.id}/accept`, undefined, lyon.headers)).statusCode,
    ).toBe(403);
    const accepted = await call(
      'POST',
      `${base}/organisations/${daegu.id}/meeting-requests/${request.id}/accept`,
      undefined,
      daegu.headers,
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().state).toBe('accepted');
    expect(
      (await call('POST', `${base}/organisations/${daegu.id}/meeting-requests/${request.id}/decline`, undefined, daegu.headers)).statusCode,
    ).toBe(409);
    const answer = (await messages('meeting_answer')).filter((m) => m.dedupeKey.startsWith(`meeting-answer-${request.id}`));
    expect(answer.map((m) => m.data.accepted)).toEqual([true, true]);

    const mine = (await call('GET', `${base}/organisations/${lyon.id}/meetings`, undefined, lyon.headers)).json<MeetingBody[]>();
    expect(mine).toHaveLength(1);
    // Daegu's delegate needs interpretation: the meeting does.
    expect(mine[0].interpretation).toEqual(['fr', 'ko']);
    expect((await call('GET', `${base}/meeting-requests?state=accepted`)).json().map((r: { id: string }) => r.id)).toContain(request.id);
  });

  it('reminds an unanswered request once, then lets it expire: no answer after, the requester told', async () => {
    const { base, lyon, daegu } = await edition();
    const request = (
      await call('POST', `${base}/organisations/${lyon.id}/meeting-requests`, { counterpartId: daegu.id }, lyon.headers)
    ).json<{ id: string; expiresAt: string }>();
    const service = h.app.get(MeetingRequestsService);
    // Redis loses the request's two jobs: the reconciler puts them back from the database, once.
    const queue = h.app.get<Queue>(getQueueToken(QueueName.Meetings));
    expect(await queue.getJob(`meeting-request-expiry-${request.id}`)).toBeDefined();
    await queue.remove(`meeting-request-reminder-${request.id}`);
    await queue.remove(`meeting-request-expiry-${request.id}`);
    expect(await service.reconcile()).toBeGreaterThanOrEqual(2);
    expect(await queue.getJob(`meeting-request-reminder-${request.id}`)).toBeDefined();
    expect(await service.reconcile()).toBe(0);

    expect(await service.remind(request.id)).toBe(true);
    expect(await service.remind(request.id)).toBe(false);
    const reminders = (await messages('meeting_request')).filter(
      (m) => m.dedupeKey === `meeting-request-${request.id}-reminder-${daegu.contactId}`,
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0].data.reminder).toBe(true);
    // Not expired yet: the job does nothing.
    expect(await service.expire(request.id)).toBe(false);

    // Its time passes (the expiry job may not have run yet: reads and answers see it expired anyway).
    await h.em.fork().nativeUpdate(MeetingRequest, { id: request.id }, { expiresAt: new Date(Date.now() - 1_000) });
    const listed = (await call('GET', `${base}/organisations/${daegu.id}/meeting-requests`, undefined, daegu.headers)).json<
      { id: string; state: string }[]
    >();
    expect(listed.find((r) => r.id === request.id)?.state).toBe('expired');
    const late = await call('POST', `${base}/organisations/${daegu.id}/meeting-requests/${request.id}/accept`, undefined, daegu.headers);
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/expired/);
    expect(await service.expire(request.id)).toBe(true);
    expect(await service.expire(request.id)).toBe(false);
    const told = (await messages('meeting_answer')).filter((m) => m.dedupeKey.startsWith(`meeting-answer-${request.id}`));
    expect(told.map((m) => m.data.expired)).toEqual([true, true]);
    // An expired request no longer blocks a new one between the two.
    expect(
      (await call('POST', `${base}/organisations/${lyon.id}/meeting-requests`, { counterpartId: daegu.id }, lyon.headers)).statusCode,
    ).toBe(201);
  });

  it('places a meeting around a delegation’s field visit with a free interpreter, invites everyone, keeps it, refuses a move onto the visit, and cancels when its block goes', async () => {
    const { base, lyon, daegu, forum } = await edition();
    // Lyon's delegate is on a field visit 10:00–12:00 (Seoul) on the 25th.
    const host = await createOrganisation(h, { name: unique('Suseong-gu'), country: 'KR', kind: 'district' });
    const created = await call('POST', `${base}/sessions`, {
      kind: 'field_visit',
      status: 'published',
      title: { fr: unique('Visite') },
      startsAt: '2024-09-25T10:00:00+09:00',
      endsAt: '2024-09-25T12:00:00+09:00',
      capacity: 10,
      venueName: 'Dongseong-ro',
      hosts: [{ organisationId: host.id, role: 'host' }],
    });
    expect(created.statusCode).toBe(201);
    const visit = created.json<{ id: string }>().id;
    expect(
      (await call('PUT', `${base}/registrations/${lyon.registrationId}/delegates/${lyon.delegateId}/enrolments/${visit}`)).statusCode,
    ).toBeLessThan(300);
    const during = (
      await call('POST', `${base}/meeting-blocks`, {
        startsAt: '2024-09-25T10:30:00+09:00',
        endsAt: '2024-09-25T11:00:00+09:00',
        tables: ['Table 1'],
      })
    ).json<{ id: string }>();
    const after = (
      await call('POST', `${base}/meeting-blocks`, {
        startsAt: '2024-09-25T14:00:00+09:00',
        endsAt: '2024-09-25T14:30:00+09:00',
        tables: ['Table 1', 'Table 2'],
      })
    ).json<{ id: string }>();
    const badBlock = await call('POST', `${base}/meeting-blocks`, {
      startsAt: '2024-09-25T15:00:00+09:00',
      endsAt: '2024-09-25T14:30:00+09:00',
      tables: ['Table 1'],
    });
    expect(badBlock.statusCode).toBe(400);
    expect(badBlock.json().errors[0].field).toBe('endsAt');

    const booth = (
      await call('POST', `${base}/interpreters`, {
        name: 'Cabine Seule',
        email: `${unique('booth')}@interpretes.test`,
        languages: ['fr', 'ko'],
        modes: ['simultaneous'],
      })
    ).json<{ id: string }>();
    const kim = (
      await call('POST', `${base}/interpreters`, {
        name: 'Kim Ji-won',
        email: `${unique('kim')}@interpretes.test`,
        locale: 'ko',
        languages: ['fr', 'ko'],
        modes: ['consecutive', 'whispered'],
      })
    ).json<{ id: string; feedUrl: string }>();
    expect(booth.id).toBeDefined();

    const request = (
      await call('POST', `${base}/organisations/${lyon.id}/meeting-requests`, { counterpartId: daegu.id }, lyon.headers)
    ).json<{ id: string }>();
    await call('POST', `${base}/organisations/${daegu.id}/meeting-requests/${request.id}/accept`, undefined, daegu.headers);

    const run = await call('POST', `${base}/meetings/schedule`, {});
    expect(run.statusCode).toBe(200);
    const [meeting] = run.json<{ meetings: MeetingBody[] }>().meetings;
    // Not during the visit, and the interpreter who works at a table, not the booth.
    expect(meeting).toMatchObject({ blockId: after.id, table: 'Table 1', interpreterId: kim.id, sequence: 1 });

    const invites = (await messages('meeting_invite')).filter((m) => m.dedupeKey.startsWith(`meeting-${meeting.id}-s1-REQUEST`));
    expect(invites.map((m) => m.recipient).sort()).toHaveLength(3);
    expect(invites.every((m) => m.icsMethod === 'REQUEST' && /SEQUENCE:1/.test(m.ics ?? ''))).toBe(true);
    const toKim = invites.find((m) => m.locale === 'ko' && m.data.interpreter === 'Kim Ji-won' && m.recipient.startsWith('kim'));
    expect(toKim?.data.whenSeoul).toBe('2024-09-25 14:00');
    expect(toKim?.data.whenParis).toBe('2024-09-25 07:00');
    const checked = icsCheck(new Map(invites.map((m, i) => [`invite-${i}`, m.ics as string])));
    expect(checked.problems).toEqual([]);

    // Run again: it stays, nobody is told anything new.
    const again = (await call('POST', `${base}/meetings/schedule`, {})).json<{ kept: number; meetings: MeetingBody[] }>();
    expect(again.kept).toBe(1);
    expect(again.meetings[0].sequence).toBe(1);

    // By hand onto the visit: refused, naming the block.
    const move = await call('PUT', `${base}/meetings/${meeting.id}/place`, { blockId: during.id, table: 'Table 1' });
    expect(move.statusCode).toBe(409);
    expect(move.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'blockId', constraint: 'delegation_busy' })]),
    );
    const noTable = await call('PUT', `${base}/meetings/${meeting.id}/place`, { blockId: after.id, table: 'Table 9' });
    expect(noTable.statusCode).toBe(409);
    expect(noTable.json().errors[0].field).toBe('table');
    const booth409 = await call('PUT', `${base}/meetings/${meeting.id}/place`, {
      blockId: after.id,
      table: 'Table 2',
      interpreterId: booth.id,
    });
    expect(booth409.statusCode).toBe(409);
    expect(booth409.json().errors[0].field).toBe('interpreterId');
    const moved = await call('PUT', `${base}/meetings/${meeting.id}/place`, { blockId: after.id, table: 'Table 2' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ table: 'Table 2', sequence: 2, interpreterId: kim.id });

    // The interpreter's feed carries the meeting; the CSV and the grid show it.
    const feed = await h.app.inject({ method: 'GET', url: new URL(kim.feedUrl).pathname });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain(`UID:meeting-${meeting.id}@passerelle`);
    expect(icsCheck(new Map([['feed', feed.body]])).problems).toEqual([]);
    // So do the personal feeds of both delegations' delegates, at the same SEQUENCE as their invite.
    const links = (await call('POST', `${base}/registrations/${daegu.registrationId}/delegates/${daegu.delegateId}/feed-token`)).json<{
      https: string;
    }>();
    const agenda = await h.app.inject({ method: 'GET', url: new URL(links.https).pathname });
    expect(agenda.statusCode).toBe(200);
    expect(agenda.body).toContain(`UID:meeting-${meeting.id}@passerelle`);
    expect(agenda.body).toMatch(/SEQUENCE:2/);
    expect(agenda.body).toContain('양자 회담');
    expect(icsCheck(new Map([['agenda', agenda.body]])).problems).toEqual([]);
    const csv = await call('GET', `${base}/interpreters/${kim.id}/schedule.csv`);
    expect(csv.body).toContain('2024-09-25 14:00');
    const grid = await call('GET', `${base}/meetings.csv?interpreterId=${kim.id}`);
    expect(grid.body).toMatch(/Table 2/);

    // The block goes: the meeting loses its place, each attendee gets a CANCEL with a higher SEQUENCE.
    expect((await call('DELETE', `${base}/meeting-blocks/${after.id}`)).statusCode).toBe(204);
    const cancels = (await messages('meeting_invite')).filter((m) => m.dedupeKey.startsWith(`meeting-${meeting.id}-s3-CANCEL`));
    expect(cancels).toHaveLength(3);
    expect(cancels.every((m) => m.icsMethod === 'CANCEL' && /SEQUENCE:3/.test(m.ics ?? '') && /STATUS:CANCELLED/.test(m.ics ?? ''))).toBe(
      true,
    );
    const agendaAfter = await h.app.inject({ method: 'GET', url: new URL(links.https).pathname });
    expect(agendaAfter.body).not.toContain(`UID:meeting-${meeting.id}@passerelle`);
    const left = (await call('GET', `${base}/meetings?placement=unplaced`)).json<MeetingBody[]>();
    expect(left.find((m) => m.id === meeting.id)).toMatchObject({ blockId: null, unplacedCode: 'no_blocks' });
    // Only the block during the visit is left: scheduling says why it cannot place it.
    const unplaced = (await call('POST', `${base}/meetings/schedule`, {})).json<{ unplaced: { meetingId: string; code: string }[] }>();
    expect(unplaced.unplaced).toEqual([expect.objectContaining({ meetingId: meeting.id, code: 'no_common_free_block' })]);
    expect(forum.id).toBeDefined();
  });

  it('never books an interpreter twice, and counts each session’s interpretation needs', async () => {
    const { base, lyon, daegu } = await edition();
    const session = async (startsAt: string, endsAt: string, interpretation: string) =>
      (
        await call('POST', `${base}/sessions`, {
          kind: 'seminar',
          status: 'published',
          title: { fr: unique('Séance') },
          startsAt,
          endsAt,
          interpretation,
          interpretationLanguages: ['fr', 'ko'],
          venueName: unique('Salle'),
        })
      ).json<{ id: string }>().id;
    const plenary = await session('2024-09-24T09:00:00+09:00', '2024-09-24T11:00:00+09:00', 'simultaneous');
    const overlapping = await session('2024-09-24T10:00:00+09:00', '2024-09-24T12:00:00+09:00', 'consecutive');
    for (const org of [lyon, daegu]) {
      expect(
        (await call('PUT', `${base}/registrations/${org.registrationId}/delegates/${org.delegateId}/enrolments/${plenary}`)).statusCode,
      ).toBeLessThan(300);
    }
    const park = (
      await call('POST', `${base}/interpreters`, {
        name: 'Park Seo-yeon',
        email: `${unique('park')}@interpretes.test`,
        languages: ['fr', 'ko'],
        modes: ['simultaneous', 'consecutive'],
      })
    ).json<{ id: string }>();
    expect((await call('PUT', `${base}/interpreters/${park.id}/sessions/${plenary}`, { mode: 'simultaneous' })).statusCode).toBe(200);
    const twice = await call('PUT', `${base}/interpreters/${park.id}/sessions/${overlapping}`, { mode: 'consecutive' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'TIME_CLASH', errors: [expect.objectContaining({ field: 'sessionId' })] });
    const wrongMode = await call('PUT', `${base}/interpreters/${park.id}/sessions/${overlapping}`, { mode: 'whispered' });
    expect(wrongMode.statusCode).toBe(400);
    expect(wrongMode.json().errors[0].field).toBe('mode');

    const needs = (await call('GET', `${base}/interpretation-needs`)).json<
      { sessionId: string; delegates: number; needingInterpretation: number; headsets: number; interpreters: { id: string }[] }[]
    >();
    expect(needs.find((n) => n.sessionId === plenary)).toMatchObject({
      delegates: 2,
      needingInterpretation: 1,
      headsets: 1,
      interpreters: [expect.objectContaining({ id: park.id })],
    });
    expect(needs.find((n) => n.sessionId === overlapping)).toMatchObject({ delegates: 0, headsets: 0, interpreters: [] });

    // A meeting needing interpretation is not placed on the interpreter's session.
    await call('POST', `${base}/meeting-blocks`, {
      startsAt: '2024-09-24T09:30:00+09:00',
      endsAt: '2024-09-24T10:00:00+09:00',
      tables: ['Table 1'],
    });
    const request = (
      await call('POST', `${base}/organisations/${daegu.id}/meeting-requests`, { counterpartId: lyon.id }, daegu.headers)
    ).json<{ id: string }>();
    await call('POST', `${base}/organisations/${lyon.id}/meeting-requests/${request.id}/accept`, undefined, lyon.headers);
    const run = (await call('POST', `${base}/meetings/schedule`, {})).json<{ unplaced: { code: string }[] }>();
    // Both delegations are in the plenary then anyway.
    expect(run.unplaced.map((u) => u.code)).toEqual(['no_common_free_block']);
  });

  it('keeps members out of the desk routes', async () => {
    const { base, lyon } = await edition();
    expect((await call('GET', `${base}/meetings`, undefined, lyon.headers)).statusCode).toBe(403);
    expect(
      (
        await call(
          'POST',
          `${base}/meeting-blocks`,
          { startsAt: '2024-09-25T10:30:00+09:00', endsAt: '2024-09-25T11:00:00+09:00', tables: ['T'] },
          lyon.headers,
        )
      ).statusCode,
    ).toBe(403);
  });
});
