import { checkMove } from '../../src/meetings/manual-move';
import { agenda, block, interpreter, meeting, plan, span, visit } from './factory';

// Seoul–Lyon sits at T1 in b1 with Kim; Busan–Paris at T2 in b1 with Lee; b2 is empty.
const input = plan({
  blocks: [block('b1', '14:00', '14:30'), block('b2', '15:00', '15:30'), block('b3', '16:00', '16:30')],
  delegations: [agenda('lyon', visit('visit-pangyo', '15:00', '15:45'))],
  interpreters: [
    interpreter('kim'),
    interpreter('lee'),
    interpreter('booth', { modes: ['simultaneous'] }),
    interpreter('park', { availability: [span('09:00', '15:00')] }),
  ],
  meetings: [
    meeting('seoul-lyon', 'seoul', 'lyon', { interpreted: true, placed: { blockId: 'b1', tableId: 'T1', interpreterId: 'kim' } }),
    meeting('busan-paris', 'busan', 'paris', { interpreted: true, placed: { blockId: 'b1', tableId: 'T2', interpreterId: 'lee' } }),
    meeting('seoul-paris', 'seoul', 'paris'),
  ],
});

describe('Moving a meeting by hand', () => {
  it('accepts a free table in a block where both delegations are free, and finds a free interpreter when none is named', () => {
    expect(checkMove(input, 'seoul-lyon', { blockId: 'b3', tableId: 'T2' })).toEqual({
      ok: true,
      slot: { blockId: 'b3', tableId: 'T2', interpreterId: 'kim' },
    });
  });

  it('accepts the place a meeting already has: it does not clash with itself', () => {
    expect(checkMove(input, 'busan-paris', { blockId: 'b1', tableId: 'T2', interpreterId: 'lee' })).toEqual({
      ok: true,
      slot: { blockId: 'b1', tableId: 'T2', interpreterId: 'lee' },
    });
  });

  it('refuses a table another meeting holds, naming that meeting', () => {
    expect(checkMove(input, 'busan-paris', { blockId: 'b1', tableId: 'T1', interpreterId: 'lee' })).toEqual({
      ok: false,
      violations: [{ code: 'table_taken', tableId: 'T1', meetingId: 'seoul-lyon' }],
    });
  });

  it('refuses a block where a delegation is on a field visit, or already in a meeting', () => {
    expect(checkMove(input, 'seoul-lyon', { blockId: 'b2', tableId: 'T1', interpreterId: 'kim' })).toEqual({
      ok: false,
      violations: [{ code: 'delegation_busy', organisationId: 'lyon', with: { kind: 'visit', id: 'visit-pangyo' } }],
    });
    expect(checkMove(input, 'seoul-paris', { blockId: 'b1', tableId: 'T2' })).toEqual({
      ok: false,
      violations: [
        { code: 'delegation_busy', organisationId: 'seoul', with: { kind: 'meeting', id: 'seoul-lyon' } },
        { code: 'delegation_busy', organisationId: 'paris', with: { kind: 'meeting', id: 'busan-paris' } },
        { code: 'table_taken', tableId: 'T2', meetingId: 'busan-paris' },
      ],
    });
  });

  it('refuses an interpreter already booked, not qualified for a table, or not available then', () => {
    const to = (interpreterId: string) => checkMove(input, 'busan-paris', { blockId: 'b3', tableId: 'T1', interpreterId });

    expect(checkMove(input, 'busan-paris', { blockId: 'b1', tableId: 'T2', interpreterId: 'kim' })).toEqual({
      ok: false,
      violations: [{ code: 'interpreter_busy', interpreterId: 'kim', with: { kind: 'meeting', id: 'seoul-lyon' } }],
    });
    expect(to('booth')).toEqual({
      ok: false,
      violations: [{ code: 'interpreter_not_qualified', interpreterId: 'booth', languages: ['fr', 'ko'] }],
    });
    expect(to('park')).toEqual({ ok: false, violations: [{ code: 'interpreter_unavailable', interpreterId: 'park' }] });
    expect(to('nobody')).toEqual({ ok: false, violations: [{ code: 'unknown_interpreter', interpreterId: 'nobody' }] });
  });

  it('refuses to leave a meeting that needs interpretation without an interpreter', () => {
    expect(checkMove(input, 'busan-paris', { blockId: 'b3', tableId: 'T1', interpreterId: null })).toEqual({
      ok: false,
      violations: [{ code: 'interpreter_required' }],
    });
  });

  it('says why each interpreter who could have come cannot, when none is free', () => {
    const busy = plan({ ...input, interpreters: [interpreter('kim'), interpreter('park', { availability: [span('09:00', '12:00')] })] });

    expect(checkMove(busy, 'busan-paris', { blockId: 'b1', tableId: 'T2' })).toEqual({
      ok: false,
      violations: [
        { code: 'interpreter_required' },
        { code: 'interpreter_busy', interpreterId: 'kim', with: { kind: 'meeting', id: 'seoul-lyon' } },
        { code: 'interpreter_unavailable', interpreterId: 'park' },
      ],
    });
  });

  it('refuses a block that does not exist, or a table not set up in the block', () => {
    expect(checkMove(input, 'seoul-paris', { blockId: 'b9', tableId: 'T1' })).toEqual({
      ok: false,
      violations: [{ code: 'unknown_block', blockId: 'b9' }],
    });
    expect(checkMove(input, 'seoul-paris', { blockId: 'b3', tableId: 'T7' })).toEqual({
      ok: false,
      violations: [{ code: 'unknown_table', blockId: 'b3', tableId: 'T7' }],
    });
  });
});
