import { compareIds } from './ordering';
import { type MeetingState, PlanningState, type Slot } from './planning-state';
import { improvePlan } from './repair';
import type {
  BlockObstacle,
  MeetingSlot,
  PlacedMeeting,
  Schedule,
  ScheduleInput,
  ScheduleOptions,
  UnplacedCode,
  UnplacedMeeting,
  Violation,
} from './schedule.types';

const DEFAULT_EFFORT = 20_000;

/**
 * Places accepted meetings into blocks × tables, with an interpreter when either side needs one.
 *
 * Guarantees: no delegation, table or interpreter is in two places at once (overlapping blocks
 * included); no meeting clashes with its delegations' sessions and visits; an interpreter speaks
 * both languages, works consecutive or whispered, and is within their availability. Meetings
 * already placed stay where they are while their place is still possible (unless `replan`); a
 * place a change made impossible is given up and the meeting placed again, with the reason. For
 * every meeting left out, a code and each block's obstacle. Never fewer meetings placed than
 * first-fit (scheduleFirstFit). The same input gives the same plan.
 *
 * How: meetings of the least busy delegations first (the busiest ones' meetings cannot all be
 * placed anyway, and each of them would take the time of a partner), then those with fewest
 * possible blocks; each goes in the block that takes least from the meetings still waiting. Moves
 * that each place one meeting more then improve the plan (improvePlan). Should first-fit place
 * more, its plan is improved the same way and the better of the two kept.
 */
export function scheduleMeetings(input: ScheduleInput, options: ScheduleOptions = {}): Schedule {
  const effort = options.effort ?? DEFAULT_EFFORT;
  const ours = build(input, options, (state, waiting) => placeLeastHarmful(state, leastBusyFirst(waiting)));
  improvePlan(ours.state, leastBusyFirst(ours.waiting), effort);
  const firstFit = build(input, options, placeFirstFit);
  if (placedCount(firstFit.state) > placedCount(ours.state)) {
    improvePlan(firstFit.state, leastBusyFirst(firstFit.waiting), effort);
    if (placedCount(firstFit.state) > placedCount(ours.state)) {
      return outcome(firstFit.state, firstFit.displaced);
    }
  }
  return outcome(ours.state, ours.displaced);
}

interface Plan {
  state: PlanningState;
  /** Meetings of the previous plan whose place is no longer possible, and why. */
  displaced: Map<MeetingState, Violation[]>;
  /** Meetings this plan places (or leaves out): all but those kept where they were. */
  waiting: MeetingState[];
}

/** A plan begun: the previous plan's meetings kept where possible, then the others by `construct`. */
function build(input: ScheduleInput, options: ScheduleOptions, construct: (state: PlanningState, waiting: MeetingState[]) => void): Plan {
  const state = new PlanningState(input);
  const displaced = keepPrevious(state, options.replan ?? false);
  const waiting = state.meetings.filter((m) => m.slot === null);
  construct(state, waiting);
  return { state, displaced, waiting };
}

function placedCount(state: PlanningState): number {
  return state.meetings.filter((m) => m.slot !== null).length;
}

/**
 * The baseline the benchmark compares with: first accepted, first placed, in the earliest block
 * with a free table and the first free interpreter by id. Same rules, no foresight.
 */
export function scheduleFirstFit(input: ScheduleInput, options: Pick<ScheduleOptions, 'replan'> = {}): Schedule {
  const state = new PlanningState(input);
  const displaced = keepPrevious(state, options.replan ?? false);
  placeFirstFit(
    state,
    state.meetings.filter((m) => m.slot === null),
  );
  return outcome(state, displaced);
}

function placeFirstFit(state: PlanningState, waiting: MeetingState[]): void {
  for (const meeting of [...waiting].sort(firstAccepted)) {
    for (const block of state.blocks) {
      const slot = state.fit(meeting, block.index, 'first');
      if (slot) {
        state.place(meeting, slot);
        break;
      }
    }
  }
  state.commit();
}

function firstAccepted(x: MeetingState, y: MeetingState): number {
  return x.acceptedAt - y.acceptedAt || compareIds(x.id, y.id);
}

/** Puts back the meetings of the previous plan whose place is still possible, first accepted first. */
function keepPrevious(state: PlanningState, replan: boolean): Map<MeetingState, Violation[]> {
  const displaced = new Map<MeetingState, Violation[]>();
  if (replan) {
    return displaced;
  }
  for (const meeting of state.meetings.filter((m) => m.source.placed !== null).sort(firstAccepted)) {
    const previous = meeting.source.placed as MeetingSlot;
    const violations = state.slotViolations(meeting, previous);
    const block = state.blockOf(previous.blockId);
    if (violations.length === 0 && block !== undefined) {
      state.place(meeting, { block, tableId: previous.tableId, interpreterId: previous.interpreterId });
      meeting.pinned = true;
    } else {
      displaced.set(meeting, violations);
    }
  }
  state.commit();
  return displaced;
}

/**
 * Meetings whose busiest delegation has the fewest meetings waiting come first, then those with
 * the fewest possible blocks, then the first accepted. On editions where a few authorities are
 * asked by everyone, this placed the most (against the optimum of an integer program on the
 * benchmark's editions); the opposite order, busiest first, placed fewer than first-fit.
 */
function leastBusyFirst(meetings: readonly MeetingState[]): MeetingState[] {
  const load = new Map<string, number>();
  for (const meeting of meetings) {
    for (const organisationId of meeting.organisations) {
      load.set(organisationId, (load.get(organisationId) ?? 0) + 1);
    }
  }
  const busiest = (m: MeetingState) => Math.max(load.get(m.organisations[0]) ?? 0, load.get(m.organisations[1]) ?? 0);
  return [...meetings].sort((x, y) => busiest(x) - busiest(y) || x.candidates.length - y.candidates.length || firstAccepted(x, y));
}

/**
 * Places each meeting in turn where it hurts the waiting ones least: a block that few of its
 * delegations' other meetings could use, whose tables and interpreters are least in demand.
 */
function placeLeastHarmful(state: PlanningState, waiting: MeetingState[]): void {
  const demand = state.blocks.map(() => 0);
  const interpretedDemand = state.blocks.map(() => 0);
  const waitingBy = new Map<string, Set<MeetingState>>();
  for (const meeting of waiting) {
    for (const block of meeting.candidates) {
      demand[block] += 1;
      interpretedDemand[block] += meeting.interpretation === null ? 0 : 1;
    }
    for (const organisationId of meeting.organisations) {
      waitingBy.set(organisationId, (waitingBy.get(organisationId) ?? new Set()).add(meeting));
    }
  }
  for (const meeting of waiting) {
    for (const block of meeting.candidates) {
      demand[block] -= 1;
      interpretedDemand[block] -= meeting.interpretation === null ? 0 : 1;
    }
    for (const organisationId of meeting.organisations) {
      waitingBy.get(organisationId)?.delete(meeting);
    }
    let best: Slot | null = null;
    let bestHarm = Infinity;
    for (const block of meeting.candidates) {
      const slot = state.fit(meeting, block);
      if (!slot) {
        continue;
      }
      let harm = demand[block] / freeTables(state, block);
      if (meeting.interpretation !== null) {
        harm += interpretedDemand[block] / Math.max(1, state.freeInterpreterCount(meeting, block));
      }
      for (const organisationId of meeting.organisations) {
        for (const other of waitingBy.get(organisationId) ?? []) {
          if (other.candidates.includes(block)) {
            harm += 1 / other.candidates.length;
          }
        }
      }
      if (harm < bestHarm) {
        best = slot;
        bestHarm = harm;
      }
    }
    if (best) {
      state.place(meeting, best);
    }
  }
  state.commit();
}

function freeTables(state: PlanningState, block: number): number {
  return state.blocks[block].tableIds.filter((tableId) => state.tableHolder(block, tableId, null) === null).length;
}

function sameSlot(a: MeetingSlot, b: MeetingSlot): boolean {
  return a.blockId === b.blockId && a.tableId === b.tableId && a.interpreterId === b.interpreterId;
}

function outcome(state: PlanningState, displaced: Map<MeetingState, Violation[]>): Schedule {
  const placed: PlacedMeeting[] = [];
  const unplaced: UnplacedMeeting[] = [];
  for (const meeting of state.meetings) {
    const slot = state.slotOf(meeting);
    const previous = meeting.source.placed;
    const displacedBy = displaced.get(meeting) ?? [];
    if (slot) {
      const status = previous === null ? 'placed' : sameSlot(previous, slot) ? 'kept' : 'moved';
      placed.push({ meetingId: meeting.id, ...slot, status, displacedBy });
    } else {
      unplaced.push({ meetingId: meeting.id, ...diagnose(state, meeting), previous, displacedBy });
    }
  }
  return { placed, unplaced };
}

const STAGES: readonly UnplacedCode[] = ['no_common_free_block', 'no_table', 'no_interpreter'];

/** Why the meeting has no place: each block's first obstacle, and the furthest any block got. */
function diagnose(state: PlanningState, meeting: MeetingState): { code: UnplacedCode; blocks: BlockObstacle[] } {
  if (state.blocks.length === 0) {
    return { code: 'no_blocks', blocks: [] };
  }
  if (meeting.interpretation !== null && meeting.qualified.length === 0) {
    return { code: 'no_qualified_interpreter', blocks: [] };
  }
  let furthest = 0;
  const blocks = state.blocks.map((block): BlockObstacle => {
    const busy = state.delegationViolations(meeting, block.index);
    if (busy.length > 0) {
      return { blockId: block.id, violations: busy };
    }
    if (state.freeTable(block.index) === null) {
      furthest = Math.max(furthest, 1);
      return { blockId: block.id, violations: [{ code: 'no_free_table' }] };
    }
    furthest = 2;
    const violations = meeting.qualified
      .map((i) => state.interpreterViolation(meeting, i.source.id, block.index))
      .filter((v): v is Violation => v !== null);
    return { blockId: block.id, violations };
  });
  return { code: STAGES[furthest], blocks };
}
