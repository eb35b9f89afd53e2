import fc from 'fast-check';
import { scheduleFirstFit, scheduleMeetings } from '../../src/meetings/scheduler';
import type {
  AcceptedMeeting,
  Commitment,
  InterpretingMode,
  PlacedMeeting,
  Schedule,
  ScheduleInput,
  TimeSpan,
} from '../../src/meetings/schedule.types';
import { at } from './factory';

/**
 * Small random editions, checked by rules written here again, independently of the planning state:
 * whatever the input, a plan never books anyone twice and never breaks an agenda.
 */

const QUARTER = 15 * 60_000;
const DAY_START = at('09:00').getTime();
const FRENCH = ['f0', 'f1', 'f2', 'f3'];
const KOREAN = ['k0', 'k1', 'k2', 'k3'];

const spanArb = (quarters: number) =>
  fc
    .integer({ min: 0, max: 24 })
    .map((q): TimeSpan => ({ start: new Date(DAY_START + q * QUARTER), end: new Date(DAY_START + (q + quarters) * QUARTER) }));
const commitmentArb = fc
  .tuple(fc.constantFrom<'session' | 'visit'>('session', 'visit'), fc.integer({ min: 1, max: 8 }), fc.nat(99))
  .chain(([kind, length, n]) => spanArb(length).map((span): Commitment => ({ kind, id: `${kind}-${n}`, ...span })));

const inputArb: fc.Arbitrary<ScheduleInput> = fc
  .record({
    // Blocks start on quarter hours and last half an hour: some overlap.
    blocks: fc.uniqueArray(fc.integer({ min: 0, max: 24 }), { minLength: 1, maxLength: 5 }),
    tables: fc.integer({ min: 1, max: 3 }),
    agendas: fc.array(fc.tuple(fc.constantFrom(...FRENCH, ...KOREAN), commitmentArb), { maxLength: 6 }),
    interpreters: fc.array(
      fc.record({
        languages: fc.subarray(['fr', 'ko', 'en'], { minLength: 1 }),
        modes: fc.subarray<InterpretingMode>(['simultaneous', 'consecutive', 'whispered'], { minLength: 1 }),
        availability: fc.option(fc.array(spanArb(12), { minLength: 1, maxLength: 2 }), { nil: null }),
        commitments: fc.array(commitmentArb, { maxLength: 2 }),
      }),
      { maxLength: 3 },
    ),
    meetings: fc.array(fc.tuple(fc.constantFrom(...FRENCH), fc.constantFrom(...KOREAN), fc.boolean(), fc.nat(1000)), {
      minLength: 1,
      maxLength: 14,
    }),
  })
  .map(({ blocks, tables, agendas, interpreters, meetings }) => ({
    blocks: blocks.map((q, i) => ({
      id: `b${i}`,
      start: new Date(DAY_START + q * QUARTER),
      end: new Date(DAY_START + (q + 2) * QUARTER),
      tableIds: Array.from({ length: tables }, (_, t) => `T${t}`),
    })),
    delegations: [...FRENCH, ...KOREAN].map((organisationId) => ({
      organisationId,
      commitments: agendas.filter(([o]) => o === organisationId).map(([, c]) => c),
    })),
    interpreters: interpreters.map((i, n) => ({ id: `i${n}`, ...i })),
    meetings: meetings.map(([a, b, interpreted, minute], n): AcceptedMeeting => ({
      id: `m${n}`,
      organisationIds: [a, b],
      interpretation: interpreted ? ['fr', 'ko'] : null,
      acceptedAt: new Date(Date.UTC(2024, 6, 1) + minute * 60_000),
      placed: null,
    })),
  }));

const overlap = (a: TimeSpan, b: TimeSpan) => a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();

/** Every rule a plan must keep, as a list of what is wrong with it. */
function broken(input: ScheduleInput, schedule: Schedule): string[] {
  const problems: string[] = [];
  const blocks = new Map(input.blocks.map((b) => [b.id, b]));
  const meetings = new Map(input.meetings.map((m) => [m.id, m]));
  const interpreters = new Map(input.interpreters.map((i) => [i.id, i]));
  const agendas = new Map(input.delegations.map((d) => [d.organisationId, d.commitments]));
  const ids = [...schedule.placed.map((p) => p.meetingId), ...schedule.unplaced.map((u) => u.meetingId)].sort();
  if (JSON.stringify(ids) !== JSON.stringify([...meetings.keys()].sort())) {
    problems.push('not every meeting is answered exactly once');
  }
  for (const p of schedule.placed) {
    const block = blocks.get(p.blockId);
    const meeting = meetings.get(p.meetingId) as AcceptedMeeting;
    if (!block || !block.tableIds.includes(p.tableId)) {
      problems.push(`${p.meetingId}: no such block or table`);
      continue;
    }
    for (const organisationId of meeting.organisationIds) {
      if ((agendas.get(organisationId) ?? []).some((c) => overlap(c, block))) {
        problems.push(`${p.meetingId}: ${organisationId} has a session or visit then`);
      }
    }
    if (meeting.interpretation !== null && p.interpreterId === null) {
      problems.push(`${p.meetingId}: no interpreter`);
    }
    const interpreter = p.interpreterId === null ? undefined : interpreters.get(p.interpreterId);
    if (interpreter) {
      if (
        !['fr', 'ko'].every((l) => interpreter.languages.includes(l)) ||
        !interpreter.modes.some((m) => m === 'consecutive' || m === 'whispered')
      ) {
        problems.push(`${p.meetingId}: ${interpreter.id} not qualified`);
      }
      if (interpreter.availability !== null && !interpreter.availability.some((a) => a.start <= block.start && block.end <= a.end)) {
        problems.push(`${p.meetingId}: ${interpreter.id} not available`);
      }
      if (interpreter.commitments.some((c) => overlap(c, block))) {
        problems.push(`${p.meetingId}: ${interpreter.id} is in a session`);
      }
    }
  }
  const placed = schedule.placed;
  for (let i = 0; i < placed.length; i += 1) {
    for (let j = i + 1; j < placed.length; j += 1) {
      const [x, y] = [placed[i], placed[j]];
      if (!overlap(blocks.get(x.blockId) as TimeSpan, blocks.get(y.blockId) as TimeSpan)) {
        continue;
      }
      const [mx, my] = [meetings.get(x.meetingId) as AcceptedMeeting, meetings.get(y.meetingId) as AcceptedMeeting];
      if (mx.organisationIds.some((o) => my.organisationIds.includes(o))) {
        problems.push(`${x.meetingId} and ${y.meetingId}: a delegation in both`);
      }
      if (x.tableId === y.tableId) {
        problems.push(`${x.meetingId} and ${y.meetingId}: one table`);
      }
      if (x.interpreterId !== null && x.interpreterId === y.interpreterId) {
        problems.push(`${x.meetingId} and ${y.meetingId}: one interpreter`);
      }
    }
  }
  return problems;
}

const slots = (placed: PlacedMeeting[]) =>
  placed
    .map(({ meetingId, blockId, tableId, interpreterId }) => ({ meetingId, blockId, tableId, interpreterId }))
    .sort((x, y) => x.meetingId.localeCompare(y.meetingId));

describe('Scheduling, on random small editions', () => {
  it('never books a delegation, a table or an interpreter twice, nor breaks an agenda, an availability or a qualification', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(broken(input, scheduleMeetings(input))).toEqual([]);
        expect(broken(input, scheduleFirstFit(input))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never places fewer meetings than first-fit', () => {
    fc.assert(
      fc.property(inputArb, (input) => scheduleMeetings(input).placed.length >= scheduleFirstFit(input).placed.length),
      { numRuns: 300 },
    );
  });

  it('keeps every meeting of a valid plan where it is when new requests are accepted', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, cut) => {
        // The first meetings were planned before the others were accepted.
        const before = input.meetings.slice(0, cut % (input.meetings.length + 1));
        const first = scheduleMeetings({ ...input, meetings: before });
        const placed = new Map(first.placed.map((p) => [p.meetingId, p]));
        const meetings = input.meetings.map((m) => {
          const p = placed.get(m.id);
          return p ? { ...m, placed: { blockId: p.blockId, tableId: p.tableId, interpreterId: p.interpreterId } } : m;
        });
        const second = scheduleMeetings({ ...input, meetings });

        expect(broken(input, second)).toEqual([]);
        for (const p of first.placed) {
          expect(second.placed.find((q) => q.meetingId === p.meetingId)).toMatchObject({
            blockId: p.blockId,
            tableId: p.tableId,
            interpreterId: p.interpreterId,
            status: 'kept',
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same plan whatever the order the meetings are listed in', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, shift) => {
        const k = shift % input.meetings.length;
        const rotated = [...input.meetings.slice(k), ...input.meetings.slice(0, k)];
        expect(slots(scheduleMeetings({ ...input, meetings: rotated }).placed)).toEqual(slots(scheduleMeetings(input).placed));
      }),
      { numRuns: 200 },
    );
  });
});
