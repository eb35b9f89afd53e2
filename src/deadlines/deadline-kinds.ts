import type { Locale } from '../common/locale';
import { ACTIVE_STATUSES_SQL, WITHDRAWN_STATUSES_SQL } from '../common/registration-status';
import type { DeadlineKind, Enforcement } from './deadline.entity';

/** What a member does that a deadline can govern: past it, doing so is late, or refused if the deadline is hard. */
export const GOVERNED_ACTIONS = ['register', 'change_delegation', 'enrol', 'offer_hosting'] as const;
export type GovernedAction = (typeof GOVERNED_ACTIONS)[number];

/** One kind of deadline, whole: what it is called, what it governs, who has not done what it asks, and why. */
export interface DeadlineKindDefinition {
  label: Record<Locale, string>;
  /** The action it governs; null when it only reminds. */
  governs: GovernedAction | null;
  /** What the organisations of its audience lack: `code` for the API, `text` for readers. */
  reason: { code: string; text: Record<Locale, string> };
  /**
   * SQL selecting, for the edition `forum_ref`, the organisations that have not done what the
   * deadline asks (`organisation_id`) and, where it is people who have not, those delegates
   * (`delegate_ids`, else null). Reminders, the pending list and the digest all read this.
   */
  audience: string;
}

const INVITED = `select i.organisation_id from invitation i join organisation o on o.id = i.organisation_id where i.forum_id = (select id from forum_ref) and o.archived_at is null`;
const ACTIVE = `select r.id, r.organisation_id from registration r where r.forum_id = (select id from forum_ref) and r.status in ${ACTIVE_STATUSES_SQL}`;

/** Nothing to check off in Passerelle: everyone invited who has not stepped back is reminded. */
const EVERYONE_TAKING_PART = `select a.organisation_id, null::uuid[] as delegate_ids from (${INVITED}) a
  where not exists (select 1 from registration r where r.forum_id = (select id from forum_ref) and r.organisation_id = a.organisation_id and r.status in ${WITHDRAWN_STATUSES_SQL})`;

const NOT_TRACKED = {
  code: 'not tracked here: everyone taking part',
  text: {
    fr: 'Non suivi ici : toutes les participantes',
    ko: '여기서 추적하지 않음: 모든 참가자',
    en: 'Not tracked here: everyone taking part',
  },
};

export const DEADLINE_KIND_DEFINITIONS: Readonly<Record<DeadlineKind, DeadlineKindDefinition>> = {
  interest: {
    label: { fr: 'Intérêt (inscription)', ko: '참가 의향(신청)', en: 'Interest (registering)' },
    governs: 'register',
    reason: { code: 'no registration yet', text: { fr: 'Pas encore inscrite', ko: '아직 신청하지 않음', en: 'No registration yet' } },
    audience: `select a.organisation_id, null::uuid[] as delegate_ids from (${INVITED}) a
      where not exists (select 1 from registration r where r.forum_id = (select id from forum_ref) and r.organisation_id = a.organisation_id)`,
  },
  delegation: {
    label: { fr: 'Délégation', ko: '대표단', en: 'Delegation' },
    governs: 'change_delegation',
    reason: { code: 'no delegate yet', text: { fr: 'Aucun délégué', ko: '대표 없음', en: 'No delegate yet' } },
    audience: `select a.organisation_id, null::uuid[] as delegate_ids from (${ACTIVE}) a
      where not exists (select 1 from delegate d where d.registration_id = a.id)`,
  },
  visit_choice: {
    label: { fr: 'Choix des visites', ko: '방문 선택', en: 'Visit choice' },
    governs: 'enrol',
    reason: {
      code: 'delegates without a field visit',
      text: { fr: 'Délégués sans visite de terrain', ko: '현장 방문을 선택하지 않은 대표', en: 'Delegates without a field visit' },
    },
    audience: `select a.organisation_id, array_agg(d.id order by d.created_at, d.id) as delegate_ids
      from (${ACTIVE}) a join delegate d on d.registration_id = a.id
      where not exists (select 1 from enrolment e join session s on s.id = e.session_id where e.delegate_id = d.id and s.kind = 'field_visit')
      group by a.organisation_id`,
  },
  host_offer: {
    label: { fr: 'Offre d’accueil', ko: '방문 수용 제안', en: 'Host offer' },
    governs: 'offer_hosting',
    reason: {
      code: 'no host offer (answer even if none)',
      text: {
        fr: 'Pas d’offre d’accueil (une réponse est attendue même négative)',
        ko: '방문 수용 제안 없음(없더라도 응답 필요)',
        en: 'No host offer (an answer is expected even if none)',
      },
    },
    audience: `select a.organisation_id, null::uuid[] as delegate_ids from (${ACTIVE}) a
      where not exists (select 1 from host_offer h where h.registration_id = a.id)`,
  },
  documents: {
    label: { fr: 'Documents', ko: '서류', en: 'Documents' },
    governs: null,
    reason: NOT_TRACKED,
    audience: EVERYONE_TAKING_PART,
  },
  custom: {
    label: { fr: 'Autre', ko: '기타', en: 'Other' },
    governs: null,
    reason: NOT_TRACKED,
    audience: EVERYONE_TAKING_PART,
  },
};

/** The kind of deadline that governs an action: exactly one does. */
export function kindGoverning(action: GovernedAction): DeadlineKind {
  const kinds = (Object.keys(DEADLINE_KIND_DEFINITIONS) as DeadlineKind[]).filter(
    (kind) => DEADLINE_KIND_DEFINITIONS[kind].governs === action,
  );
  if (kinds.length !== 1) {
    throw new Error(`${kinds.length} kinds of deadline govern ${action}; exactly one must.`);
  }
  return kinds[0];
}

/**
 * `with forum_ref, audience`: the kind's audience for one edition (the one parameter), for a
 * statement to select from.
 */
export function withAudience(kind: DeadlineKind): string {
  return `with forum_ref as (select ?::uuid as id), audience as (${DEADLINE_KIND_DEFINITIONS[kind].audience})`;
}

export interface DeadlineVerdict<T> {
  /** The action comes after a deadline that governs it. */
  late: boolean;
  /** The hard deadline that refuses it, if one does. */
  refusedBy: T | null;
}

/**
 * Before an action a deadline governs, given the deadlines of that kind already passed (soonest
 * first): past a hard one, a member is refused and an organiser may still act; past any, the
 * action is late. The route's checks and the seat batch both decide with this.
 */
export function deadlineVerdict<T extends { enforcement: Enforcement }>(passed: readonly T[], byOrganiser: boolean): DeadlineVerdict<T> {
  const hard = passed.find((deadline) => deadline.enforcement === 'hard') ?? null;
  return { late: passed.length > 0, refusedBy: byOrganiser ? null : hard };
}
