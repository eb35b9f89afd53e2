import { scheduleFirstFit, scheduleMeetings } from '../../src/meetings/scheduler';
import type { Schedule } from '../../src/meetings/schedule.types';
import { agenda, block, interpreter, meeting, plan, session, span, visit } from './factory';

const placedAt = (schedule: Schedule, meetingId: string) => schedule.placed.find((p) => p.meetingId === meetingId);
const unplaced = (schedule: Schedule, meetingId: string) => schedule.unplaced.find((u) => u.meetingId === meetingId);

describe('Scheduling meetings into blocks and tables', () => {
  describe('double booking', () => {
    it('never puts a delegation in two meetings at once, and says which meeting holds it', () => {
      const schedule = scheduleMeetings(
        plan({ blocks: [block('b1', '14:00', '14:30')], meetings: [meeting('m1', 'seoul', 'lyon'), meeting('m2', 'seoul', 'paris')] }),
      );

      expect(schedule.placed.map((p) => p.meetingId)).toEqual(['m1']);
      expect(unplaced(schedule, 'm2')).toMatchObject({
        code: 'no_common_free_block',
        blocks: [
          { blockId: 'b1', violations: [{ code: 'delegation_busy', organisationId: 'seoul', with: { kind: 'meeting', id: 'm1' } }] },
        ],
      });
    });

    it('never gives one table to two meetings', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30', ['T1'])],
          meetings: [meeting('m1', 'seoul', 'lyon'), meeting('m2', 'busan', 'paris')],
        }),
      );

      expect(schedule.placed).toHaveLength(1);
      expect(schedule.unplaced[0]).toMatchObject({
        code: 'no_table',
        blocks: [{ blockId: 'b1', violations: [{ code: 'no_free_table' }] }],
      });
    });

    it('never books an interpreter for two meetings at once', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30')],
          interpreters: [interpreter('kim')],
          meetings: [meeting('m1', 'seoul', 'lyon', { interpreted: true }), meeting('m2', 'busan', 'paris', { interpreted: true })],
        }),
      );

      expect(schedule.placed).toHaveLength(1);
      expect(schedule.placed[0].interpreterId).toBe('kim');
      const other = schedule.placed[0].meetingId === 'm1' ? 'm2' : 'm1';
      expect(unplaced(schedule, other)).toMatchObject({
        code: 'no_interpreter',
        blocks: [
          {
            blockId: 'b1',
            violations: [{ code: 'interpreter_busy', interpreterId: 'kim', with: { kind: 'meeting', id: schedule.placed[0].meetingId } }],
          },
        ],
      });
    });

    it('treats blocks that overlap in time as the same time for delegations, tables and interpreters', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30', ['T1']), block('b2', '14:15', '14:45', ['T1'])],
          meetings: [meeting('m1', 'seoul', 'lyon'), meeting('m2', 'busan', 'paris')],
        }),
      );

      expect(schedule.placed).toHaveLength(1);
      expect(schedule.unplaced[0].code).toBe('no_table');
    });
  });

  describe("delegations' sessions and visits", () => {
    it('keeps a meeting out of a block that overlaps a field visit its delegation is enrolled in', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30'), block('b2', '17:30', '18:00')],
          delegations: [agenda('lyon', visit('visit-pangyo', '13:30', '17:00'))],
          meetings: [meeting('m1', 'seoul', 'lyon')],
        }),
      );

      expect(placedAt(schedule, 'm1')).toMatchObject({ blockId: 'b2', tableId: 'T1', status: 'placed' });
    });

    it('leaves a meeting out when every block clashes with one side or the other, naming the visit and the session', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30'), block('b2', '17:30', '18:00')],
          delegations: [agenda('lyon', visit('visit-pangyo', '13:30', '17:00')), agenda('seoul', session('round-table', '17:00', '18:30'))],
          meetings: [meeting('m1', 'seoul', 'lyon')],
        }),
      );

      expect(schedule.placed).toEqual([]);
      expect(unplaced(schedule, 'm1')).toEqual({
        meetingId: 'm1',
        code: 'no_common_free_block',
        blocks: [
          { blockId: 'b1', violations: [{ code: 'delegation_busy', organisationId: 'lyon', with: { kind: 'visit', id: 'visit-pangyo' } }] },
          {
            blockId: 'b2',
            violations: [{ code: 'delegation_busy', organisationId: 'seoul', with: { kind: 'session', id: 'round-table' } }],
          },
        ],
        previous: null,
        displacedBy: [],
      });
    });

    it('lets a meeting start when a visit ends (the end of a time is not part of it)', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '17:00', '17:30')],
          delegations: [agenda('lyon', visit('v', '13:30', '17:00'))],
          meetings: [meeting('m1', 'seoul', 'lyon')],
        }),
      );

      expect(schedule.placed).toHaveLength(1);
    });
  });

  describe('interpreters', () => {
    it('asks an interpreter who speaks both languages and works consecutive or whispered, never a booth-only one', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30')],
          interpreters: [
            interpreter('a-fr-en', { languages: ['fr', 'en'] }),
            interpreter('b-booth', { modes: ['simultaneous'] }),
            interpreter('c-whisper', { modes: ['whispered'] }),
          ],
          meetings: [meeting('m1', 'seoul', 'lyon', { interpreted: true })],
        }),
      );

      expect(placedAt(schedule, 'm1')?.interpreterId).toBe('c-whisper');
    });

    it('says no interpreter is qualified when none speaks French and Korean at a table', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30')],
          interpreters: [interpreter('booth', { modes: ['simultaneous'] })],
          meetings: [meeting('m1', 'seoul', 'lyon', { interpreted: true })],
        }),
      );

      expect(unplaced(schedule, 'm1')?.code).toBe('no_qualified_interpreter');
    });

    it("keeps to an interpreter's availability and to the sessions they are assigned to", () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '10:00', '10:30'), block('b2', '14:00', '14:30'), block('b3', '16:00', '16:30')],
          interpreters: [
            interpreter('kim', { availability: [span('13:00', '18:00')], commitments: [session('plenary', '13:30', '15:00')] }),
          ],
          meetings: [meeting('m1', 'seoul', 'lyon', { interpreted: true })],
        }),
      );

      expect(placedAt(schedule, 'm1')).toMatchObject({ blockId: 'b3', interpreterId: 'kim' });
    });

    it('explains, block by block, why no interpreter could come', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '10:00', '10:30'), block('b2', '14:00', '14:30')],
          interpreters: [
            interpreter('kim', { availability: [span('13:00', '18:00')], commitments: [session('plenary', '13:30', '15:00')] }),
          ],
          meetings: [meeting('m1', 'seoul', 'lyon', { interpreted: true })],
        }),
      );

      expect(unplaced(schedule, 'm1')).toMatchObject({
        code: 'no_interpreter',
        blocks: [
          { blockId: 'b1', violations: [{ code: 'interpreter_unavailable', interpreterId: 'kim' }] },
          { blockId: 'b2', violations: [{ code: 'interpreter_busy', interpreterId: 'kim', with: { kind: 'session', id: 'plenary' } }] },
        ],
      });
    });

    it('gives no interpreter to a meeting that needs none, and spreads the work among interpreters', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30', ['T1', 'T2', 'T3']), block('b2', '15:00', '15:30', ['T1', 'T2', 'T3'])],
          interpreters: [interpreter('kim'), interpreter('lee')],
          meetings: [
            meeting('m1', 'seoul', 'lyon', { interpreted: true }),
            meeting('m2', 'busan', 'paris', { interpreted: true }),
            meeting('m3', 'daegu', 'lille'),
          ],
        }),
      );

      expect(placedAt(schedule, 'm3')?.interpreterId).toBeNull();
      expect(new Set([placedAt(schedule, 'm1')?.interpreterId, placedAt(schedule, 'm2')?.interpreterId])).toEqual(new Set(['kim', 'lee']));
    });
  });

  describe('stability', () => {
    it('leaves placed meetings where they are and fills around them', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30'), block('b2', '15:00', '15:30')],
          meetings: [
            meeting('m1', 'seoul', 'lyon', { placed: { blockId: 'b2', tableId: 'T2', interpreterId: null } }),
            meeting('m2', 'seoul', 'paris'),
            meeting('m3', 'busan', 'lille'),
          ],
        }),
      );

      expect(placedAt(schedule, 'm1')).toMatchObject({ blockId: 'b2', tableId: 'T2', status: 'kept' });
      expect(placedAt(schedule, 'm2')).toMatchObject({ blockId: 'b1', status: 'placed' });
      expect(placedAt(schedule, 'm3')?.status).toBe('placed');
    });

    it('does not move a kept meeting to make room for a new one; a re-plan does', () => {
      const input = plan({
        blocks: [block('b1', '14:00', '14:30'), block('b2', '15:00', '15:30')],
        delegations: [agenda('paris', visit('v', '14:45', '16:00'))],
        meetings: [
          meeting('m1', 'seoul', 'lyon', { placed: { blockId: 'b1', tableId: 'T1', interpreterId: null } }),
          meeting('m2', 'seoul', 'paris'),
        ],
      });

      const kept = scheduleMeetings(input);
      expect(placedAt(kept, 'm1')?.status).toBe('kept');
      expect(unplaced(kept, 'm2')?.code).toBe('no_common_free_block');

      const replanned = scheduleMeetings(input, { replan: true });
      expect(placedAt(replanned, 'm1')).toMatchObject({ blockId: 'b2', status: 'moved', displacedBy: [] });
      expect(placedAt(replanned, 'm2')).toMatchObject({ blockId: 'b1', status: 'placed' });
    });

    it('moves a placed meeting whose block a new visit enrolment made impossible, and says why', () => {
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30'), block('b2', '17:30', '18:00')],
          delegations: [agenda('lyon', visit('visit-pangyo', '13:30', '17:00'))],
          meetings: [meeting('m1', 'seoul', 'lyon', { placed: { blockId: 'b1', tableId: 'T1', interpreterId: null } })],
        }),
      );

      expect(placedAt(schedule, 'm1')).toEqual({
        meetingId: 'm1',
        blockId: 'b2',
        tableId: 'T1',
        interpreterId: null,
        status: 'moved',
        displacedBy: [{ code: 'delegation_busy', organisationId: 'lyon', with: { kind: 'visit', id: 'visit-pangyo' } }],
      });
    });

    it('reports a displaced meeting with no place left as unplaced, with its previous place', () => {
      const previous = { blockId: 'b1', tableId: 'T1', interpreterId: 'kim' };
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30')],
          interpreters: [interpreter('kim', { availability: [span('09:00', '12:00')] })],
          meetings: [meeting('m1', 'seoul', 'lyon', { interpreted: true, placed: previous })],
        }),
      );

      expect(unplaced(schedule, 'm1')).toMatchObject({
        code: 'no_interpreter',
        previous,
        displacedBy: [{ code: 'interpreter_unavailable', interpreterId: 'kim' }],
      });
    });

    it('keeps the first accepted of two placed meetings that now share a table', () => {
      const slot = { blockId: 'b1', tableId: 'T1', interpreterId: null };
      const schedule = scheduleMeetings(
        plan({
          blocks: [block('b1', '14:00', '14:30')],
          meetings: [
            meeting('late', 'busan', 'paris', { placed: slot, acceptedAt: new Date('2024-07-02T00:00:00Z') }),
            meeting('early', 'seoul', 'lyon', { placed: slot, acceptedAt: new Date('2024-07-01T00:00:00Z') }),
          ],
        }),
      );

      expect(placedAt(schedule, 'early')?.status).toBe('kept');
      expect(placedAt(schedule, 'late')).toMatchObject({
        tableId: 'T2',
        status: 'moved',
        displacedBy: [{ code: 'table_taken', tableId: 'T1', meetingId: 'early' }],
      });
    });
  });

  describe('placing as many as it can', () => {
    it('does not let the first accepted meeting take the only block a later one can use', () => {
      const input = plan({
        blocks: [block('b1', '14:00', '14:30', ['T1']), block('b2', '15:00', '15:30', ['T1'])],
        delegations: [agenda('paris', visit('v', '14:45', '16:00'))],
        meetings: [meeting('m1', 'seoul', 'lyon'), meeting('m2', 'busan', 'paris')],
      });

      expect(scheduleFirstFit(input).placed).toHaveLength(1);
      expect(scheduleMeetings(input).placed).toHaveLength(2);
    });

    it('gives the only interpreter to the meeting that can happen in one block only', () => {
      // Both need the one interpreter; m1 could be in b1 or b2, m2's delegation is busy in b2.
      const input = plan({
        blocks: [block('b1', '14:00', '14:30'), block('b2', '15:00', '15:30')],
        delegations: [agenda('paris', visit('v', '14:45', '16:00'))],
        interpreters: [interpreter('kim')],
        meetings: [meeting('m1', 'seoul', 'lyon', { interpreted: true }), meeting('m2', 'busan', 'paris', { interpreted: true })],
      });

      const schedule = scheduleMeetings(input);

      expect(placedAt(schedule, 'm2')).toMatchObject({ blockId: 'b1', interpreterId: 'kim' });
      expect(placedAt(schedule, 'm1')).toMatchObject({ blockId: 'b2', interpreterId: 'kim' });
    });

    it('gives the same plan for the same meetings listed in another order', () => {
      const meetings = [
        meeting('m1', 'seoul', 'lyon', { interpreted: true }),
        meeting('m2', 'seoul', 'paris'),
        meeting('m3', 'busan', 'lyon', { interpreted: true }),
        meeting('m4', 'busan', 'paris'),
        meeting('m5', 'daegu', 'lille', { interpreted: true }),
      ];
      const input = plan({
        blocks: [block('b1', '14:00', '14:30'), block('b2', '15:00', '15:30')],
        interpreters: [interpreter('kim'), interpreter('lee')],
        meetings,
      });
      const byId = (schedule: Schedule) => [...schedule.placed].sort((x, y) => x.meetingId.localeCompare(y.meetingId));

      expect(byId(scheduleMeetings({ ...input, meetings: [...meetings].reverse() }))).toEqual(byId(scheduleMeetings(input)));
    });
  });
});
