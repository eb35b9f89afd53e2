import {
  answerRefusal,
  delegationAgendas,
  meetingInterpretation,
  overlaps,
  REQUEST_LIFETIME_MS,
  reminderDue,
  requestTimes,
  stateAt,
  type CommitmentRow,
} from '../../src/meetings/request-rules';
import { scheduleMeetings } from '../../src/meetings/scheduler';
import { at, block, interpreter, meeting, plan } from './factory';

const DAY = 24 * 3600_000;
const now = new Date('2024-09-01T09:00:00Z');

describe('A meeting request’s time', () => {
  it('expires after the set lifetime, with its one reminder two days before', () => {
    const times = requestTimes(now, null);
    expect(times.expiresAt.getTime() - now.getTime()).toBe(REQUEST_LIFETIME_MS);
    expect(times.expiresAt.getTime() - times.remindAt.getTime()).toBe(2 * DAY);
  });

  it('expires when the edition opens if that comes first, but leaves at least a day to answer', () => {
    const opening = new Date(now.getTime() + 3 * DAY);
    expect(requestTimes(now, opening).expiresAt).toEqual(opening);
    const eve = new Date(now.getTime() + 2 * 3600_000);
    const late = requestTimes(now, eve);
    expect(late.expiresAt.getTime() - now.getTime()).toBe(DAY);
    // A short wait is reminded halfway.
    expect(late.remindAt.getTime() - now.getTime()).toBe(DAY / 2);
  });

  it('is expired as read once past its time, whether or not the expiry job ran; answered requests stay as they are', () => {
    const request = { state: 'requested' as const, expiresAt: new Date(now.getTime() + DAY), remindedAt: null };
    expect(stateAt(request, now)).toBe('requested');
    expect(stateAt(request, request.expiresAt)).toBe('expired');
    expect(stateAt({ ...request, state: 'accepted' }, new Date(now.getTime() + 2 * DAY))).toBe('accepted');
  });

  it('is answered only by the organisation asked, once, and not after it expired', () => {
    const request = { state: 'requested' as const, expiresAt: new Date(now.getTime() + DAY), remindedAt: null, counterpartId: 'daegu' };
    expect(answerRefusal(request, 'daegu', now)).toBeNull();
    expect(answerRefusal(request, 'lyon', now)).toBe('not_counterpart');
    expect(answerRefusal({ ...request, state: 'declined' }, 'daegu', now)).toBe('already_answered');
    expect(answerRefusal(request, 'daegu', new Date(now.getTime() + DAY))).toBe('expired');
  });

  it('is reminded once, only while it waits for its answer', () => {
    const request = { state: 'requested' as const, expiresAt: new Date(now.getTime() + DAY), remindedAt: null };
    const remindAt = new Date(now.getTime() + DAY / 2);
    expect(reminderDue(request, remindAt, now)).toBe(false);
    expect(reminderDue(request, remindAt, remindAt)).toBe(true);
    expect(reminderDue({ ...request, remindedAt: remindAt }, remindAt, remindAt)).toBe(false);
    expect(reminderDue({ ...request, state: 'accepted' }, remindAt, remindAt)).toBe(false);
    expect(reminderDue(request, remindAt, request.expiresAt)).toBe(false);
  });
});

describe('Delegations’ agendas read from their sessions and visits', () => {
  const rows: CommitmentRow[] = [
    // Two of Lyon's delegates on the same visit: one commitment.
    { organisationId: 'lyon', sessionId: 'visit-pangyo', kind: 'field_visit', startsAt: at('14:00'), endsAt: at('16:00') },
    { organisationId: 'lyon', sessionId: 'visit-pangyo', kind: 'field_visit', startsAt: at('14:00'), endsAt: at('16:00') },
    { organisationId: 'daegu', sessionId: 'plenary', kind: 'plenary', startsAt: at('09:00'), endsAt: at('10:00') },
    { organisationId: 'elsewhere', sessionId: 'plenary', kind: 'plenary', startsAt: at('09:00'), endsAt: at('10:00') },
  ];

  it('counts each session or visit once per delegation, visits as visits, and only the delegations asked for', () => {
    expect(delegationAgendas(['lyon', 'daegu', 'busan'], rows)).toEqual([
      { organisationId: 'lyon', commitments: [{ kind: 'visit', id: 'visit-pangyo', start: at('14:00'), end: at('16:00') }] },
      { organisationId: 'daegu', commitments: [{ kind: 'session', id: 'plenary', start: at('09:00'), end: at('10:00') }] },
      { organisationId: 'busan', commitments: [] },
    ]);
  });

  it('keeps a meeting off an enrolled visit: placed in the block after it, or unplaced with the visit named', () => {
    const input = plan({
      blocks: [block('during', '15:00', '15:30', ['T1']), block('after', '16:00', '16:30', ['T1'])],
      delegations: delegationAgendas(['lyon', 'daegu'], rows),
      interpreters: [],
      meetings: [meeting('lyon-daegu', 'lyon', 'daegu')],
    });
    expect(scheduleMeetings(input).placed).toEqual([expect.objectContaining({ meetingId: 'lyon-daegu', blockId: 'after' })]);

    const onlyDuring = plan({ ...input, blocks: [block('during', '15:00', '15:30', ['T1'])] });
    const [unplaced] = scheduleMeetings(onlyDuring).unplaced;
    expect(unplaced.code).toBe('no_common_free_block');
    expect(unplaced.blocks[0].violations).toEqual([
      { code: 'delegation_busy', organisationId: 'lyon', with: { kind: 'visit', id: 'visit-pangyo' } },
    ]);
  });

  it('never puts one delegation, one table or one interpreter in two meetings at once', () => {
    const input = plan({
      blocks: [block('b1', '11:00', '11:30', ['T1', 'T2', 'T3'])],
      delegations: delegationAgendas(['lyon', 'daegu', 'busan', 'paris'], []),
      interpreters: [interpreter('kim')],
      meetings: [
        meeting('lyon-daegu', 'lyon', 'daegu', { interpreted: true }),
        meeting('lyon-busan', 'lyon', 'busan'),
        meeting('paris-busan', 'paris', 'busan', { interpreted: true }),
      ],
    });
    const { placed, unplaced } = scheduleMeetings(input);
    const seen = (key: (p: (typeof placed)[number]) => string[]) => placed.flatMap(key);
    const orgs = seen((p) => input.meetings.find((m) => m.id === p.meetingId)?.organisationIds.slice() ?? []);
    expect(new Set(orgs).size).toBe(orgs.length);
    const tables = seen((p) => [p.tableId]);
    expect(new Set(tables).size).toBe(tables.length);
    const interpreters = seen((p) => (p.interpreterId ? [p.interpreterId] : []));
    expect(new Set(interpreters).size).toBe(interpreters.length);
    expect(placed.length + unplaced.length).toBe(3);
    expect(placed.length).toBe(1);
  });
});

describe('Interpretation of a meeting', () => {
  it('is FR↔KO when either delegation has a delegate who needs it', () => {
    expect(meetingInterpretation(new Set(['daegu']), ['lyon', 'daegu'])).toEqual(['fr', 'ko']);
    expect(meetingInterpretation(new Set(['busan']), ['lyon', 'daegu'])).toBeNull();
  });

  it('spans overlap when one starts before the other ends, ends excluded', () => {
    expect(overlaps({ start: at('10:00'), end: at('11:00') }, { start: at('10:30'), end: at('11:30') })).toBe(true);
    expect(overlaps({ start: at('10:00'), end: at('11:00') }, { start: at('11:00'), end: at('11:30') })).toBe(false);
  });
});
