/** Modes an interpreter works in; a booth (simultaneous) serves sessions, not a table. */
export const INTERPRETING_MODES = ['simultaneous', 'consecutive', 'whispered'] as const;
export type InterpretingMode = (typeof INTERPRETING_MODES)[number];

/** The modes a bilateral meeting at a table can use. */
export const MEETING_INTERPRETING_MODES: readonly InterpretingMode[] = ['consecutive', 'whispered'];

/** A span of time, start included, end excluded. */
export interface TimeSpan {
  start: Date;
  end: Date;
}

/** Something a delegation or an interpreter is already committed to: a session, a field visit. */
export interface Commitment extends TimeSpan {
  kind: 'session' | 'visit';
  id: string;
}

/** A time set by the organisers for bilateral meetings, with the tables (or rooms) set up for it. */
export interface MeetingBlock extends TimeSpan {
  id: string;
  /** In the order tables are handed out. A table id names the same table in every block. */
  tableIds: readonly string[];
}

/** A delegation's commitments: the sessions and visits its delegates attend, host or lead. */
export interface DelegationAgenda {
  organisationId: string;
  commitments: readonly Commitment[];
}

export interface InterpreterAgenda {
  id: string;
  /** ISO 639-1 codes. */
  languages: readonly string[];
  modes: readonly InterpretingMode[];
  /** When they can work; null when they have stated no limit. */
  availability: readonly TimeSpan[] | null;
  /** Sessions they are assigned to. */
  commitments: readonly Commitment[];
}

/** Where a meeting sits: a block, a table, and its interpreter when it needs one. */
export interface MeetingSlot {
  blockId: string;
  tableId: string;
  interpreterId: string | null;
}

/** A meeting request both sides accepted. */
export interface AcceptedMeeting {
  id: string;
  organisationIds: readonly [string, string];
  /** The languages to interpret between (['fr', 'ko']) when either side needs it; null otherwise. */
  interpretation: readonly [string, string] | null;
  /** First accepted, first served among meetings the scheduler cannot otherwise tell apart. */
  acceptedAt: Date;
  /** Its place in the current plan, if it has one. */
  placed: MeetingSlot | null;
}

export interface ScheduleInput {
  blocks: readonly MeetingBlock[];
  delegations: readonly DelegationAgenda[];
  interpreters: readonly InterpreterAgenda[];
  meetings: readonly AcceptedMeeting[];
}

/** What stands in a meeting's way in a block; also what a manual move answers. */
export type Clash = { kind: 'session' | 'visit' | 'meeting'; id: string };

export type Violation =
  | { code: 'unknown_block'; blockId: string }
  | { code: 'unknown_table'; blockId: string; tableId: string }
  | { code: 'delegation_busy'; organisationId: string; with: Clash }
  | { code: 'table_taken'; tableId: string; meetingId: string }
  | { code: 'no_free_table' }
  | { code: 'interpreter_required' }
  | { code: 'unknown_interpreter'; interpreterId: string }
  | { code: 'interpreter_not_qualified'; interpreterId: string; languages: readonly [string, string] }
  | { code: 'interpreter_unavailable'; interpreterId: string }
  | { code: 'interpreter_busy'; interpreterId: string; with: Clash };

export type ViolationCode = Violation['code'];

/**
 * Why a meeting stays unplaced, from the furthest any block got: no block where both delegations
 * are free; such blocks but every table taken; tables too but no interpreter free.
 */
export type UnplacedCode = 'no_blocks' | 'no_qualified_interpreter' | 'no_common_free_block' | 'no_table' | 'no_interpreter';

export interface BlockObstacle {
  blockId: string;
  violations: Violation[];
}

export interface UnplacedMeeting {
  meetingId: string;
  code: UnplacedCode;
  /** Each block and what stood in the way there. */
  blocks: BlockObstacle[];
  /** Its place before this plan, when a change made that place impossible; with why. */
  previous: MeetingSlot | null;
  displacedBy: Violation[];
}

export interface PlacedMeeting extends MeetingSlot {
  meetingId: string;
  /** kept: where it was; placed: it had no place; moved: it had another place. */
  status: 'kept' | 'placed' | 'moved';
  /** For a move the scheduler made on its own: what made the previous place impossible. */
  displacedBy: Violation[];
}

export interface Schedule {
  placed: PlacedMeeting[];
  unplaced: UnplacedMeeting[];
}

export interface ScheduleOptions {
  /** Plan every meeting afresh instead of keeping placed meetings where they are. */
  replan?: boolean;
  /**
   * How many moves the repair may try (default 20,000). A count, not a clock, so the same input
   * gives the same plan on any machine.
   */
  effort?: number;
}
