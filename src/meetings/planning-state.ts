import { compareIds } from './ordering';
import {
  type AcceptedMeeting,
  type Clash,
  type Commitment,
  type InterpreterAgenda,
  MEETING_INTERPRETING_MODES,
  type MeetingSlot,
  type ScheduleInput,
  type TimeSpan,
  type Violation,
} from './schedule.types';

/**
 * The rules of placing a meeting, in one place, and the occupancy of blocks, tables and
 * interpreters while a plan is built. The scheduler, the first-fit baseline and the manual move
 * all ask these checks; none has its own.
 */

export interface BlockState {
  index: number;
  id: string;
  start: number;
  end: number;
  tableIds: readonly string[];
  tables: ReadonlySet<string>;
  /** Blocks whose time overlaps this one's, itself included: a table or a person is in one at a time. */
  overlapping: number[];
  delegations: Map<string, MeetingState>;
  tablesTaken: Map<string, MeetingState>;
  interpreters: Map<string, MeetingState>;
}

export interface InterpreterState {
  source: InterpreterAgenda;
  /** Meetings of this plan they interpret: the least busy is asked first. */
  load: number;
  /** Per block: why their own agenda rules it out, or null. */
  fixed: (Violation | null)[];
}

export interface MeetingState {
  source: AcceptedMeeting;
  id: string;
  organisations: readonly [string, string];
  interpretation: readonly [string, string] | null;
  /** Interpreters with both languages and a meeting mode, by id. */
  qualified: InterpreterState[];
  /** Blocks where neither delegation's agenda, nor (if needed) every interpreter's, rules it out. */
  candidates: number[];
  acceptedAt: number;
  slot: Slot | null;
  /** Kept from the previous plan: the repair does not move it. */
  pinned: boolean;
}

export interface Slot {
  block: number;
  tableId: string;
  interpreterId: string | null;
}

export type InterpreterChoice = 'first' | 'least_busy';

type Change = { kind: 'place' | 'unplace'; meeting: MeetingState; slot: Slot };

function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

function within(span: TimeSpan, start: number, end: number): boolean {
  return span.start.getTime() <= start && end <= span.end.getTime();
}

/** The first commitment overlapping each block, or null; commitments in time order, then id. */
function clashesByBlock(commitments: readonly Commitment[], blocks: readonly BlockState[]): (Clash | null)[] {
  const sorted = [...commitments].sort((x, y) => x.start.getTime() - y.start.getTime() || compareIds(x.id, y.id));
  return blocks.map((block) => {
    const hit = sorted.find((c) => overlaps(c.start.getTime(), c.end.getTime(), block.start, block.end));
    return hit ? { kind: hit.kind, id: hit.id } : null;
  });
}

export class PlanningState {
  readonly blocks: BlockState[];
  readonly meetings: MeetingState[];
  readonly interpreters: InterpreterState[];
  private readonly blockIndex = new Map<string, number>();
  private readonly interpreterById = new Map<string, InterpreterState>();
  private readonly delegationFixed = new Map<string, (Clash | null)[]>();
  private readonly journal: Change[] = [];

  constructor(input: ScheduleInput) {
    // Blocks in time order (then id): "first block" means the earliest.
    const sorted = [...input.blocks].sort((x, y) => x.start.getTime() - y.start.getTime() || compareIds(x.id, y.id));
    this.blocks = sorted.map((block, index) => ({
      index,
      id: block.id,
      start: block.start.getTime(),
      end: block.end.getTime(),
      tableIds: block.tableIds,
      tables: new Set(block.tableIds),
      overlapping: [],
      delegations: new Map(),
      tablesTaken: new Map(),
      interpreters: new Map(),
    }));
    for (const block of this.blocks) {
      this.blockIndex.set(block.id, block.index);
      block.overlapping = this.blocks
        .filter((other) => overlaps(block.start, block.end, other.start, other.end))
        .map((other) => other.index);
    }
    const agendas = new Map(input.delegations.map((d) => [d.organisationId, d.commitments]));
    for (const organisationId of new Set(input.meetings.flatMap((m) => m.organisationIds))) {
      this.delegationFixed.set(organisationId, clashesByBlock(agendas.get(organisationId) ?? [], this.blocks));
    }
    this.interpreters = [...input.interpreters].sort((x, y) => compareIds(x.id, y.id)).map((source) => this.interpreterState(source));
    for (const interpreter of this.interpreters) {
      this.interpreterById.set(interpreter.source.id, interpreter);
    }
    this.meetings = input.meetings.map((source) => this.meetingState(source));
  }

  private interpreterState(source: InterpreterAgenda): InterpreterState {
    const busy = clashesByBlock(source.commitments, this.blocks);
    const fixed = this.blocks.map((block, i): Violation | null => {
      if (source.availability !== null && !source.availability.some((span) => within(span, block.start, block.end))) {
        return { code: 'interpreter_unavailable', interpreterId: source.id };
      }
      const clash = busy[i];
      return clash ? { code: 'interpreter_busy', interpreterId: source.id, with: clash } : null;
    });
    return { source, load: 0, fixed };
  }

  private meetingState(source: AcceptedMeeting): MeetingState {
    const interpretation = source.interpretation;
    const qualified = interpretation === null ? [] : this.interpreters.filter((i) => isQualified(i.source, interpretation));
    const [a, b] = source.organisationIds;
    const candidates = this.blocks
      .filter((block) => this.delegationFixed.get(a)?.[block.index] === null && this.delegationFixed.get(b)?.[block.index] === null)
      .filter((block) => interpretation === null || qualified.some((i) => i.fixed[block.index] === null))
      .map((block) => block.index);
    return {
      source,
      id: source.id,
      organisations: source.organisationIds,
      interpretation,
      qualified,
      candidates,
      acceptedAt: source.acceptedAt.getTime(),
      slot: null,
      pinned: false,
    };
  }

  blockOf(blockId: string): number | undefined {
    return this.blockIndex.get(blockId);
  }

  slotOf(meeting: MeetingState): MeetingSlot | null {
    return (
      meeting.slot && {
        blockId: this.blocks[meeting.slot.block].id,
        tableId: meeting.slot.tableId,
        interpreterId: meeting.slot.interpreterId,
      }
    );
  }

  /** What keeps a delegation from a block: its own agenda first, then another meeting; null if free. */
  delegationClash(organisationId: string, block: number, self: MeetingState | null): Clash | null {
    const fixed = this.delegationFixed.get(organisationId)?.[block] ?? null;
    if (fixed) {
      return fixed;
    }
    const other = this.delegationHolder(block, organisationId, self);
    return other ? { kind: 'meeting', id: other.id } : null;
  }

  delegationViolations(meeting: MeetingState, block: number): Violation[] {
    const violations: Violation[] = [];
    for (const organisationId of meeting.organisations) {
      const clash = this.delegationClash(organisationId, block, meeting);
      if (clash) {
        violations.push({ code: 'delegation_busy', organisationId, with: clash });
      }
    }
    return violations;
  }

  // The three holders below look at every block overlapping this one: a table or a person is in
  // one place at a time. Written out rather than through a callback, since the search asks them
  // hundreds of thousands of times.

  /** The meeting other than `self` that holds the delegation at that time, or null. */
  delegationHolder(block: number, organisationId: string, self: MeetingState | null): MeetingState | null {
    for (const i of this.blocks[block].overlapping) {
      const found = this.blocks[i].delegations.get(organisationId);
      if (found !== undefined && found !== self) {
        return found;
      }
    }
    return null;
  }

  tableHolder(block: number, tableId: string, self: MeetingState | null): MeetingState | null {
    for (const i of this.blocks[block].overlapping) {
      const found = this.blocks[i].tablesTaken.get(tableId);
      if (found !== undefined && found !== self) {
        return found;
      }
    }
    return null;
  }

  interpreterHolder(block: number, interpreterId: string, self: MeetingState | null): MeetingState | null {
    for (const i of this.blocks[block].overlapping) {
      const found = this.blocks[i].interpreters.get(interpreterId);
      if (found !== undefined && found !== self) {
        return found;
      }
    }
    return null;
  }

  /** The first table of the block no meeting holds, in the block's order. */
  freeTable(block: number): string | null {
    for (const tableId of this.blocks[block].tableIds) {
      if (this.tableHolder(block, tableId, null) === null) {
        return tableId;
      }
    }
    return null;
  }

  /** Why an interpreter cannot take this meeting in this block, or null when they can. */
  interpreterViolation(meeting: MeetingState, interpreterId: string, block: number): Violation | null {
    const interpreter = this.interpreterById.get(interpreterId);
    if (!interpreter) {
      return { code: 'unknown_interpreter', interpreterId };
    }
    const languages = meeting.interpretation ?? (['fr', 'ko'] as const);
    if (!isQualified(interpreter.source, languages)) {
      return { code: 'interpreter_not_qualified', interpreterId, languages };
    }
    const fixed = interpreter.fixed[block];
    if (fixed) {
      return fixed;
    }
    const other = this.interpreterHolder(block, interpreterId, meeting);
    return other ? { code: 'interpreter_busy', interpreterId, with: { kind: 'meeting', id: other.id } } : null;
  }

  /**
   * A qualified interpreter free in the block: the first by id (`first`), or the one with the
   * fewest meetings in this plan, then by id (`least_busy`), to spread the work.
   */
  freeInterpreter(meeting: MeetingState, block: number, choice: InterpreterChoice): InterpreterState | null {
    let best: InterpreterState | null = null;
    for (const interpreter of meeting.qualified) {
      if (interpreter.fixed[block] === null && this.interpreterHolder(block, interpreter.source.id, meeting) === null) {
        if (choice === 'first') {
          return interpreter;
        }
        if (best === null || interpreter.load < best.load) {
          best = interpreter;
        }
      }
    }
    return best;
  }

  /** Everything wrong with putting a meeting in a given slot; empty when it may go there. */
  slotViolations(meeting: MeetingState, slot: MeetingSlot): Violation[] {
    const block = this.blockIndex.get(slot.blockId);
    if (block === undefined) {
      return [{ code: 'unknown_block', blockId: slot.blockId }];
    }
    const violations = this.delegationViolations(meeting, block);
    if (!this.blocks[block].tables.has(slot.tableId)) {
      violations.push({ code: 'unknown_table', blockId: slot.blockId, tableId: slot.tableId });
    } else {
      const other = this.tableHolder(block, slot.tableId, meeting);
      if (other) {
        violations.push({ code: 'table_taken', tableId: slot.tableId, meetingId: other.id });
      }
    }
    if (slot.interpreterId !== null) {
      const problem = this.interpreterViolation(meeting, slot.interpreterId, block);
      if (problem) {
        violations.push(problem);
      }
    } else if (meeting.interpretation !== null) {
      violations.push({ code: 'interpreter_required' });
    }
    return violations;
  }

  /** How many qualified interpreters are free in the block: how much room is left there. */
  freeInterpreterCount(meeting: MeetingState, block: number): number {
    let free = 0;
    for (const interpreter of meeting.qualified) {
      if (interpreter.fixed[block] === null && this.interpreterHolder(block, interpreter.source.id, meeting) === null) {
        free += 1;
      }
    }
    return free;
  }

  /** A free table and (if needed) interpreter for the meeting in the block, or null. */
  fit(meeting: MeetingState, block: number, choice: InterpreterChoice = 'least_busy'): Slot | null {
    const [a, b] = meeting.organisations;
    if (this.delegationClash(a, block, meeting) !== null || this.delegationClash(b, block, meeting) !== null) {
      return null;
    }
    const tableId = this.freeTable(block);
    if (tableId === null) {
      return null;
    }
    if (meeting.interpretation === null) {
      return { block, tableId, interpreterId: null };
    }
    const interpreter = this.freeInterpreter(meeting, block, choice);
    return interpreter ? { block, tableId, interpreterId: interpreter.source.id } : null;
  }

  place(meeting: MeetingState, slot: Slot): void {
    const block = this.blocks[slot.block];
    for (const organisationId of meeting.organisations) {
      block.delegations.set(organisationId, meeting);
    }
    block.tablesTaken.set(slot.tableId, meeting);
    if (slot.interpreterId !== null) {
      block.interpreters.set(slot.interpreterId, meeting);
      const interpreter = this.interpreterById.get(slot.interpreterId);
      if (interpreter) {
        interpreter.load += 1;
      }
    }
    meeting.slot = slot;
    this.journal.push({ kind: 'place', meeting, slot });
  }

  unplace(meeting: MeetingState): void {
    const slot = meeting.slot;
    if (!slot) {
      return;
    }
    const block = this.blocks[slot.block];
    for (const organisationId of meeting.organisations) {
      if (block.delegations.get(organisationId) === meeting) {
        block.delegations.delete(organisationId);
      }
    }
    if (block.tablesTaken.get(slot.tableId) === meeting) {
      block.tablesTaken.delete(slot.tableId);
    }
    if (slot.interpreterId !== null) {
      if (block.interpreters.get(slot.interpreterId) === meeting) {
        block.interpreters.delete(slot.interpreterId);
      }
      const interpreter = this.interpreterById.get(slot.interpreterId);
      if (interpreter) {
        interpreter.load -= 1;
      }
    }
    meeting.slot = null;
    this.journal.push({ kind: 'unplace', meeting, slot });
  }

  /** A point to come back to with rollback. */
  mark(): number {
    return this.journal.length;
  }

  /** Undoes every place and unplace since the mark, latest first. */
  rollback(mark: number): void {
    while (this.journal.length > mark) {
      const change = this.journal.pop() as Change;
      if (change.kind === 'place') {
        this.unplace(change.meeting);
      } else {
        this.place(change.meeting, change.slot);
      }
      // The undo itself is not history.
      this.journal.pop();
    }
  }

  /** Forgets the history: what is placed now stays. */
  commit(): void {
    this.journal.length = 0;
  }
}

/** Speaks both languages and works in a mode a table allows (consecutive or whispered). */
function isQualified(interpreter: InterpreterAgenda, languages: readonly [string, string]): boolean {
  return (
    languages.every((l) => interpreter.languages.includes(l)) && interpreter.modes.some((mode) => MEETING_INTERPRETING_MODES.includes(mode))
  );
}
