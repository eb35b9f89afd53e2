import { PlanningState } from './planning-state';
import type { MeetingSlot, ScheduleInput, Violation } from './schedule.types';

export interface MoveTarget {
  blockId: string;
  tableId: string;
  /** An interpreter chosen by hand; null for none; absent to let the least busy free one be chosen. */
  interpreterId?: string | null;
}

export type MoveOutcome = { ok: true; slot: MeetingSlot } | { ok: false; violations: Violation[] };

/**
 * An organiser moving a meeting by hand, checked by the same rules as the scheduler against every
 * other meeting where it is placed now. Answers the new slot, or every rule the move breaks. The
 * meeting must be one of the input's (the caller has found it).
 */
export function checkMove(input: ScheduleInput, meetingId: string, target: MoveTarget): MoveOutcome {
  const state = new PlanningState(input);
  const meeting = state.meetings.find((m) => m.id === meetingId);
  if (!meeting) {
    throw new RangeError(`meeting ${meetingId} is not in the plan`);
  }
  for (const other of state.meetings) {
    const placed = other.source.placed;
    const block = placed && state.blockOf(placed.blockId);
    if (other !== meeting && placed && block !== undefined && block !== null) {
      state.place(other, { block, tableId: placed.tableId, interpreterId: placed.interpreterId });
    }
  }
  const block = state.blockOf(target.blockId);
  let interpreterId = target.interpreterId ?? null;
  const interpreterViolations: Violation[] = [];
  if (target.interpreterId === undefined && meeting.interpretation !== null && block !== undefined) {
    const free = state.freeInterpreter(meeting, block, 'least_busy');
    if (free) {
      interpreterId = free.source.id;
    } else {
      // Say why each interpreter who could have done it cannot.
      interpreterViolations.push(
        ...meeting.qualified.map((i) => state.interpreterViolation(meeting, i.source.id, block)).filter((v): v is Violation => v !== null),
      );
    }
  }
  const slot: MeetingSlot = { blockId: target.blockId, tableId: target.tableId, interpreterId };
  const violations = [...state.slotViolations(meeting, slot), ...interpreterViolations];
  return violations.length === 0 ? { ok: true, slot } : { ok: false, violations };
}
