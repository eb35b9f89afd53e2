import { compareIds } from './ordering';
import type { MeetingState, PlanningState } from './planning-state';

/** How far a repair pushes: a meeting may move one that moves one more, no further. */
const REPAIR_DEPTH = 2;

interface Run {
  /** Moves left to try; a count, not a clock, so the same input gives the same plan anywhere. */
  tries: number;
  /** Meetings placed by the chain under way: it must not move them again. */
  locked: Set<MeetingState>;
}

/**
 * Improves a plan of the `waiting` meetings (those not kept from the previous plan) until a round
 * gains nothing or `effort` tries are spent. Every step places one meeting more than before it, so
 * the plan never gets worse than it came in:
 * - repair: a meeting left out takes a place freed by moving meetings of this plan elsewhere
 *   (chains of two moves), each moved meeting finding a place again;
 * - exchange: a placed meeting gives up its place when two left out can then be placed.
 */
export function improvePlan(state: PlanningState, waiting: readonly MeetingState[], effort: number): void {
  const run: Run = { tries: effort, locked: new Set() };
  let gained = true;
  // Every move ends by filling a free table somewhere: with none left, nothing can be gained.
  while (gained && run.tries > 0 && state.blocks.some((block) => state.freeTable(block.index) !== null)) {
    gained = repairRound(state, waiting, run);
    gained = exchangeRound(state, waiting, run) || gained;
  }
  // Moves free places behind them; what fits there now goes in, whatever effort is left.
  placeWhereFree(state, waiting);
}

/** Each meeting not placed goes into a block where it fits as things are, if there is one. */
function placeWhereFree(state: PlanningState, meetings: readonly MeetingState[]): void {
  for (const meeting of meetings) {
    for (const block of meeting.slot === null ? meeting.candidates : []) {
      const slot = state.fit(meeting, block);
      if (slot) {
        state.place(meeting, slot);
        break;
      }
    }
  }
  state.commit();
}

function repairRound(state: PlanningState, waiting: readonly MeetingState[], run: Run): boolean {
  let gained = false;
  for (const meeting of waiting) {
    if (meeting.slot !== null || run.tries <= 0) {
      continue;
    }
    run.locked.clear();
    const mark = state.mark();
    if (relocate(state, meeting, REPAIR_DEPTH, run)) {
      state.commit();
      gained = true;
    } else {
      state.rollback(mark);
    }
  }
  return gained;
}

/** Finds the meeting a place: a free one, else one freed by moving what stands in the way. */
function relocate(state: PlanningState, meeting: MeetingState, depth: number, run: Run): boolean {
  for (const block of meeting.candidates) {
    const slot = state.fit(meeting, block);
    if (slot) {
      state.place(meeting, slot);
      run.locked.add(meeting);
      return true;
    }
  }
  if (depth === 0) {
    return false;
  }
  for (const block of meeting.candidates) {
    if (run.tries <= 0) {
      return false;
    }
    run.tries -= 1;
    const mark = state.mark();
    const lockedBefore = run.locked.size;
    const evicted = clearFor(state, meeting, block, run.locked);
    const slot = evicted && state.fit(meeting, block);
    if (evicted && slot) {
      state.place(meeting, slot);
      run.locked.add(meeting);
      if (evicted.every((other) => relocate(state, other, depth - 1, run))) {
        return true;
      }
    }
    state.rollback(mark);
    unlockSince(run, lockedBefore);
  }
  return false;
}

/** Unlocks what the chain locked since it had `size` locked: a Set iterates in insertion order. */
function unlockSince(run: Run, size: number): void {
  for (const meeting of [...run.locked].slice(size)) {
    run.locked.delete(meeting);
  }
}

/**
 * Takes out of the block what keeps the meeting from it: its delegations' other meetings, a
 * table's meeting if no table is free, an interpreter's meeting if none is free. Null when one of
 * them may not move (kept from the previous plan, or placed by the chain under way).
 */
function clearFor(state: PlanningState, meeting: MeetingState, block: number, locked: ReadonlySet<MeetingState>): MeetingState[] | null {
  const movable = (other: MeetingState | null): other is MeetingState => other !== null && !other.pinned && !locked.has(other);
  // Of several that could make way, the one with most blocks to go to is asked.
  const easiest = (holders: (MeetingState | null)[]) =>
    holders.filter(movable).sort((x, y) => y.candidates.length - x.candidates.length || compareIds(x.id, y.id))[0];
  const evicted: MeetingState[] = [];
  const evict = (other: MeetingState) => {
    state.unplace(other);
    evicted.push(other);
  };
  for (const organisationId of meeting.organisations) {
    const other = state.delegationHolder(block, organisationId, meeting);
    if (other) {
      if (!movable(other)) {
        return null;
      }
      evict(other);
    }
  }
  if (state.freeTable(block) === null) {
    const other = easiest(state.blocks[block].tableIds.map((tableId) => state.tableHolder(block, tableId, null)));
    if (!other) {
      return null;
    }
    evict(other);
  }
  if (meeting.interpretation !== null && state.freeInterpreter(meeting, block, 'first') === null) {
    const free = meeting.qualified.filter((i) => i.fixed[block] === null);
    const other = easiest(free.map((i) => state.interpreterHolder(block, i.source.id, null)));
    if (!other) {
      return null;
    }
    evict(other);
  }
  return evicted;
}

/**
 * One placed meeting out, two left out in: only meetings that could use a block overlapping its
 * block can use what it frees (anything else would already have fitted).
 */
function exchangeRound(state: PlanningState, waiting: readonly MeetingState[], run: Run): boolean {
  let gained = false;
  const byBlock = state.blocks.map((block) => waiting.filter((m) => m.candidates.includes(block.index)));
  for (const meeting of waiting) {
    const slot = meeting.slot;
    if (slot === null || run.tries <= 0) {
      continue;
    }
    const near = state.blocks[slot.block].overlapping;
    const around = near.length === 1 ? byBlock[near[0]] : [...new Set(near.flatMap((block) => byBlock[block]))];
    const hopefuls = around.filter((other) => other.slot === null);
    if (hopefuls.length < 2) {
      continue;
    }
    run.tries -= 1;
    const mark = state.mark();
    state.unplace(meeting);
    let placed = 0;
    for (const other of hopefuls) {
      const fit = near.map((block) => state.fit(other, block)).find((s) => s !== null);
      if (fit) {
        state.place(other, fit);
        placed += 1;
      }
    }
    if (placed >= 2) {
      state.commit();
      gained = true;
    } else {
      state.rollback(mark);
    }
  }
  return gained;
}
