import { EMPTY_PROFILE, type MatchProfile } from '../../src/meetings/profile';
import type {
  AcceptedMeeting,
  Commitment,
  DelegationAgenda,
  InterpreterAgenda,
  MeetingBlock,
  MeetingSlot,
  ScheduleInput,
  TimeSpan,
} from '../../src/meetings/schedule.types';
import type { SuggestionAuthority } from '../../src/meetings/suggestions';

/** 2nd forum, in Korea: times are Seoul wall-clock times on 25 September 2024 unless a day is given. */
export function at(time: string, day = '2024-09-25'): Date {
  return new Date(`${day}T${time}:00+09:00`);
}

export function span(from: string, to: string, day?: string): TimeSpan {
  return { start: at(from, day), end: at(to, day) };
}

export function block(id: string, from: string, to: string, tableIds: string[] = ['T1', 'T2'], day?: string): MeetingBlock {
  return { id, ...span(from, to, day), tableIds };
}

export function visit(id: string, from: string, to: string, day?: string): Commitment {
  return { kind: 'visit', id, ...span(from, to, day) };
}

export function session(id: string, from: string, to: string, day?: string): Commitment {
  return { kind: 'session', id, ...span(from, to, day) };
}

export function agenda(organisationId: string, ...commitments: Commitment[]): DelegationAgenda {
  return { organisationId, commitments };
}

export function interpreter(id: string, overrides: Partial<InterpreterAgenda> = {}): InterpreterAgenda {
  return { id, languages: ['fr', 'ko'], modes: ['consecutive'], availability: null, commitments: [], ...overrides };
}

let accepted = 0;

/** A meeting between two organisations, accepted after the previous one built here. */
export function meeting(
  id: string,
  a: string,
  b: string,
  overrides: { interpreted?: boolean; placed?: MeetingSlot; acceptedAt?: Date } = {},
): AcceptedMeeting {
  accepted += 1;
  return {
    id,
    organisationIds: [a, b],
    interpretation: overrides.interpreted ? ['fr', 'ko'] : null,
    acceptedAt: overrides.acceptedAt ?? new Date(Date.UTC(2024, 6, 1) + accepted * 60_000),
    placed: overrides.placed ?? null,
  };
}

export function plan(input: Partial<ScheduleInput>): ScheduleInput {
  return { blocks: [], delegations: [], interpreters: [], meetings: [], ...input };
}

export function profile(
  overrides: { offers?: Partial<MatchProfile['offers']>; seeks?: Partial<MatchProfile['seeks']>; languages?: string[] } = {},
): MatchProfile {
  return {
    offers: { ...EMPTY_PROFILE.offers, ...overrides.offers },
    seeks: { ...EMPTY_PROFILE.seeks, ...overrides.seeks },
    languages: overrides.languages ?? [],
  };
}

export function authority(id: string, country: string, kind: string, overrides: Partial<SuggestionAuthority> = {}): SuggestionAuthority {
  return { id, country, kind, population: null, themeRanking: [], profile: null, hostOfferThemeIds: null, ...overrides };
}
