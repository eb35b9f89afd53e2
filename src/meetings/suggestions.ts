import { type Level, levelOf, levelsMatch } from './levels';
import { compareIds } from './ordering';
import { competenceKey, type MatchProfile, populationBand, type PopulationBand } from './profile';

/** A registered organisation of an edition, as the suggestions read it. */
export interface SuggestionAuthority {
  id: string;
  /** ISO 3166 alpha-2; only FR and KR take part. */
  country: string;
  kind: string;
  population: number | null;
  /** Theme ids of the edition, most wanted first. */
  themeRanking: readonly string[];
  profile: MatchProfile | null;
  /** Themes of its offer to host a visit; null when it made none. */
  hostOfferThemeIds: readonly string[] | null;
}

export interface KnownPartnership {
  organisationIds: readonly [string, string];
  kind: string;
  /** A year or a date, as known. */
  since: string | null;
}

/**
 * Why a counterpart is suggested, from the reader's side: "A" is the reader, "B" the counterpart;
 * "you" in a code is the reader. Each reason carries the points it adds to the score.
 */
export type SuggestionReason =
  | { code: 'existing_partner'; points: number; partnershipKind: string; since: string | null }
  | { code: 'shared_theme'; points: number; themeId: string; rankA: number; rankB: number }
  | { code: 'offers_what_you_seek'; points: number; themeIds: string[]; competences: string[] }
  | { code: 'seeks_what_you_offer'; points: number; themeIds: string[]; competences: string[] }
  | { code: 'hosts_on_your_theme'; points: number; themeIds: string[] }
  | { code: 'may_visit_you'; points: number; themeIds: string[] }
  | { code: 'same_level'; points: number; kindA: string; kindB: string }
  | { code: 'close_level'; points: number; kindA: string; kindB: string }
  | { code: 'kind_you_seek'; points: number; kind: string }
  | { code: 'seeks_your_kind'; points: number; kind: string }
  | { code: 'size_you_seek'; points: number; band: PopulationBand; population: number }
  | { code: 'seeks_your_size'; points: number; band: PopulationBand; population: number }
  | { code: 'similar_size'; points: number; populationA: number; populationB: number }
  | { code: 'common_language'; points: number; languages: string[] };

export type SuggestionReasonCode = SuggestionReason['code'];

export interface Suggestion {
  counterpartId: string;
  /** "renew" for an existing partner: a tie to renew or deepen, not a new acquaintance. */
  relation: 'new' | 'renew';
  score: number;
  reasons: SuggestionReason[];
}

export interface AuthoritySuggestions {
  organisationId: string;
  suggestions: Suggestion[];
}

export interface SuggestOptions {
  /** New counterparts kept per authority, best first (default 10, a page); existing partners are always kept. */
  limit?: number;
  /** Only these authorities' lists (an organisation's own page); default: every authority. */
  for?: readonly string[];
}

/**
 * Points of each reason. Every one-sided reason has its mirror with the same points (what B offers
 * that A seeks, what A offers that B seeks…), so a pair scores the same from both sides. An existing
 * partnership scores nothing: it is shown ("renew"), not counted, so that it does not push new
 * acquaintances down the list.
 */
export const SUGGESTION_POINTS = {
  offeredTheme: 4,
  offeredCompetence: 3,
  hostedTheme: 2,
  sameLevel: 3,
  closeLevel: 1,
  kindSought: 2,
  sizeSought: 2,
  similarSize: 1,
  commonLanguage: 1,
  existingPartner: 0,
} as const;

/**
 * A theme counts as shared when both rank it in their first three: registrations rank every theme
 * of the edition, so sharing the fourth says nothing. A shared theme scores (4 − rank A) + (4 − rank
 * B): 6 when both put it first, 2 when both put it third.
 */
export const SHARED_THEME_TOP = 3;
/** Two populations within this ratio are "of similar size". */
export const SIMILAR_SIZE_RATIO = 2;
const DEFAULT_LIMIT = 10;

// Reasons of equal points are listed in this order, so the same pair always reads the same.
const REASON_ORDER: readonly SuggestionReasonCode[] = [
  'existing_partner',
  'offers_what_you_seek',
  'seeks_what_you_offer',
  'shared_theme',
  'hosts_on_your_theme',
  'may_visit_you',
  'same_level',
  'close_level',
  'kind_you_seek',
  'seeks_your_kind',
  'size_you_seek',
  'seeks_your_size',
  'similar_size',
  'common_language',
];

const REASON_RANK = Object.fromEntries(REASON_ORDER.map((code, i) => [code, i])) as Record<SuggestionReasonCode, number>;

/** An authority with its sets built once, since it is compared with every counterpart. */
interface Prepared {
  source: SuggestionAuthority;
  level: Level;
  /** Its first SHARED_THEME_TOP themes, in rank order, and each one's rank (1-based). */
  top: readonly string[];
  topRank: Map<string, number>;
  /** Themes it ranked first or seeks: what a host offer on them would interest. */
  interests: Set<string>;
  offersThemes: Set<string>;
  seeksThemes: readonly string[];
  /** Competence key → the organisation's own spelling. */
  offersCompetences: Map<string, string>;
  seeksCompetenceKeys: readonly string[];
  seeksCompetences: Map<string, string>;
  seeksKinds: Set<string>;
  seeksSizes: Set<PopulationBand>;
  hostThemes: readonly string[];
  band: PopulationBand | null;
  languages: readonly string[];
  speaks: Set<string>;
  /** Its known partnerships, by the partner's id. */
  partners: Map<string, KnownPartnership[]>;
}

const MATCHED_COUNTRIES = ['FR', 'KR'] as const;
const NO_PARTNERSHIPS: readonly KnownPartnership[] = [];

function keyed(tags: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const tag of tags) {
    const key = competenceKey(tag);
    if (key !== '' && !map.has(key)) {
      map.set(key, tag.trim());
    }
  }
  return map;
}

function prepare(authority: SuggestionAuthority, level: Level): Prepared {
  const profile = authority.profile;
  const top = [...new Set(authority.themeRanking)].slice(0, SHARED_THEME_TOP);
  const seeksThemes = [...new Set(profile?.seeks.themeIds ?? [])];
  const seeksCompetences = keyed(profile?.seeks.competences ?? []);
  const languages = [...new Set(profile?.languages ?? [])].sort();
  return {
    source: authority,
    level,
    top,
    topRank: new Map(top.map((themeId, index) => [themeId, index + 1])),
    interests: new Set([...top, ...seeksThemes]),
    offersThemes: new Set(profile?.offers.themeIds ?? []),
    seeksThemes,
    offersCompetences: keyed(profile?.offers.competences ?? []),
    seeksCompetenceKeys: [...seeksCompetences.keys()],
    seeksCompetences,
    seeksKinds: new Set(profile?.seeks.partnerKinds ?? []),
    seeksSizes: new Set(profile?.seeks.partnerSizes ?? []),
    hostThemes: [...new Set(authority.hostOfferThemeIds ?? [])],
    band: authority.population === null ? null : populationBand(authority.population),
    languages,
    speaks: new Set(languages),
    partners: new Map(),
  };
}

type OfferMatch = { themeIds: string[]; competences: string[] };

/** Points for what `giver` offers among what `taker` seeks; listed in `into` in the reader's spelling. */
function offerMatch(giver: Prepared, taker: Prepared, readerIsTaker: boolean, into: OfferMatch | null): number {
  // Indexed loops here and below: this runs for every pair, and array iterators cost there.
  let points = 0;
  for (let i = 0; i < taker.seeksThemes.length; i += 1) {
    const themeId = taker.seeksThemes[i];
    if (giver.offersThemes.has(themeId)) {
      points += SUGGESTION_POINTS.offeredTheme;
      into?.themeIds.push(themeId);
    }
  }
  for (let i = 0; i < taker.seeksCompetenceKeys.length; i += 1) {
    const key = taker.seeksCompetenceKeys[i];
    const theirs = giver.offersCompetences.get(key);
    if (theirs !== undefined) {
      points += SUGGESTION_POINTS.offeredCompetence;
      into?.competences.push(readerIsTaker ? (taker.seeksCompetences.get(key) as string) : theirs);
    }
  }
  return points;
}

/** Points for `host`'s host offer themes that `guest` ranked first or seeks; listed in `into`. */
function hostMatch(host: Prepared, guest: Prepared, into: string[] | null): number {
  let points = 0;
  for (let i = 0; i < host.hostThemes.length; i += 1) {
    const themeId = host.hostThemes[i];
    if (guest.interests.has(themeId)) {
      points += SUGGESTION_POINTS.hostedTheme;
      into?.push(themeId);
    }
  }
  return points;
}

/**
 * Walks every rule linking reader `a` to counterpart `b` and returns the score. With `explain`, it
 * also writes each reason there; without, it builds nothing, since it runs for every pair.
 */
function walk(a: Prepared, b: Prepared, explain: SuggestionReason[] | null): number {
  let total = 0;
  const partnerships = a.partners.get(b.source.id) ?? NO_PARTNERSHIPS;
  for (let i = 0; i < partnerships.length; i += 1) {
    total += SUGGESTION_POINTS.existingPartner;
    explain?.push({
      code: 'existing_partner',
      points: SUGGESTION_POINTS.existingPartner,
      partnershipKind: partnerships[i].kind,
      since: partnerships[i].since,
    });
  }
  for (let i = 0; i < a.top.length; i += 1) {
    const rankB = b.topRank.get(a.top[i]);
    if (rankB !== undefined) {
      const points = SHARED_THEME_TOP - i + (SHARED_THEME_TOP + 1 - rankB);
      total += points;
      explain?.push({ code: 'shared_theme', points, themeId: a.top[i], rankA: i + 1, rankB });
    }
  }
  const theyOffer: OfferMatch | null = explain && { themeIds: [], competences: [] };
  const offers = offerMatch(b, a, true, theyOffer);
  if (offers > 0) {
    total += offers;
    explain?.push({ code: 'offers_what_you_seek', points: offers, ...(theyOffer as OfferMatch) });
  }
  const theySeek: OfferMatch | null = explain && { themeIds: [], competences: [] };
  const seeks = offerMatch(a, b, false, theySeek);
  if (seeks > 0) {
    total += seeks;
    explain?.push({ code: 'seeks_what_you_offer', points: seeks, ...(theySeek as OfferMatch) });
  }
  const theyHost: string[] | null = explain && [];
  const hosts = hostMatch(b, a, theyHost);
  if (hosts > 0) {
    total += hosts;
    explain?.push({ code: 'hosts_on_your_theme', points: hosts, themeIds: theyHost as string[] });
  }
  const youHost: string[] | null = explain && [];
  const visits = hostMatch(a, b, youHost);
  if (visits > 0) {
    total += visits;
    explain?.push({ code: 'may_visit_you', points: visits, themeIds: youHost as string[] });
  }
  const kindA = a.source.kind;
  const kindB = b.source.kind;
  const level = levelsMatch(a.level, b.level);
  if (level === 'same') {
    total += SUGGESTION_POINTS.sameLevel;
    explain?.push({ code: 'same_level', points: SUGGESTION_POINTS.sameLevel, kindA, kindB });
  } else if (level === 'close') {
    total += SUGGESTION_POINTS.closeLevel;
    explain?.push({ code: 'close_level', points: SUGGESTION_POINTS.closeLevel, kindA, kindB });
  }
  if (a.seeksKinds.has(kindB)) {
    total += SUGGESTION_POINTS.kindSought;
    explain?.push({ code: 'kind_you_seek', points: SUGGESTION_POINTS.kindSought, kind: kindB });
  }
  if (b.seeksKinds.has(kindA)) {
    total += SUGGESTION_POINTS.kindSought;
    explain?.push({ code: 'seeks_your_kind', points: SUGGESTION_POINTS.kindSought, kind: kindA });
  }
  const populationA = a.source.population;
  const populationB = b.source.population;
  if (populationB !== null && b.band !== null && a.seeksSizes.has(b.band)) {
    total += SUGGESTION_POINTS.sizeSought;
    explain?.push({ code: 'size_you_seek', points: SUGGESTION_POINTS.sizeSought, band: b.band, population: populationB });
  }
  if (populationA !== null && a.band !== null && b.seeksSizes.has(a.band)) {
    total += SUGGESTION_POINTS.sizeSought;
    explain?.push({ code: 'seeks_your_size', points: SUGGESTION_POINTS.sizeSought, band: a.band, population: populationA });
  }
  if (
    populationA !== null &&
    populationB !== null &&
    populationA > 0 &&
    populationB > 0 &&
    Math.max(populationA, populationB) <= SIMILAR_SIZE_RATIO * Math.min(populationA, populationB)
  ) {
    total += SUGGESTION_POINTS.similarSize;
    explain?.push({ code: 'similar_size', points: SUGGESTION_POINTS.similarSize, populationA, populationB });
  }
  const common: string[] | null = explain && [];
  let shared = 0;
  for (let i = 0; i < a.languages.length; i += 1) {
    if (b.speaks.has(a.languages[i])) {
      shared += 1;
      common?.push(a.languages[i]);
    }
  }
  if (shared > 0) {
    total += SUGGESTION_POINTS.commonLanguage;
    explain?.push({ code: 'common_language', points: SUGGESTION_POINTS.commonLanguage, languages: common as string[] });
  }
  return total;
}

/** The reasons linking `a` to `b`: an existing partnership first, then by points, then in REASON_ORDER. */
function reasonsFor(a: Prepared, b: Prepared): SuggestionReason[] {
  const reasons: SuggestionReason[] = [];
  walk(a, b, reasons);
  return reasons.sort(
    (x, y) =>
      Number(y.code === 'existing_partner') - Number(x.code === 'existing_partner') ||
      y.points - x.points ||
      REASON_RANK[x.code] - REASON_RANK[y.code],
  );
}

/**
 * The counterparts grouped by score, best first, each group in the counterparts' order. Scores are
 * small whole numbers: grouping them costs less than sorting every list.
 */
function byScore(a: Prepared, others: readonly Prepared[]): [number, Prepared[]][] {
  const groups = new Map<number, Prepared[]>();
  for (let i = 0; i < others.length; i += 1) {
    const score = walk(a, others[i], null);
    const group = groups.get(score);
    if (group) {
      group.push(others[i]);
    } else {
      groups.set(score, [others[i]]);
    }
  }
  return [...groups].sort(([x], [y]) => y - x);
}

/**
 * For each French or Korean local authority, the authorities of the other country ranked by what
 * links them: shared theme priorities, what one offers that the other seeks, host offers, level,
 * kind and size sought, a common language. The score is the sum of the reasons' points; ties go to
 * the smaller id. Existing partners are always listed, with relation "renew", whatever their score
 * and the limit; new counterparts need at least one point. A pure function: the same input gives
 * the same lists, in input order.
 */
export function suggestPartners(
  authorities: readonly SuggestionAuthority[],
  partnerships: readonly KnownPartnership[],
  options: SuggestOptions = {},
): AuthoritySuggestions[] {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const only = options.for ? new Set(options.for) : null;
  const prepared: Prepared[] = [];
  for (const authority of authorities) {
    const level = levelOf(authority.kind);
    if ((MATCHED_COUNTRIES as readonly string[]).includes(authority.country) && level !== null) {
      prepared.push(prepare(authority, level));
    }
  }
  const byId = new Map(prepared.map((p) => [p.source.id, p]));
  for (const partnership of [...partnerships].sort((x, y) => compareIds(x.kind, y.kind))) {
    const [x, y] = partnership.organisationIds.map((id) => byId.get(id));
    if (x && y) {
      x.partners.set(y.source.id, [...(x.partners.get(y.source.id) ?? []), partnership]);
      y.partners.set(x.source.id, [...(y.partners.get(x.source.id) ?? []), partnership]);
    }
  }
  // Counterparts in id order: a stable sort by score then leaves ties to the smaller id.
  const byCountry = new Map<string, Prepared[]>(
    MATCHED_COUNTRIES.map((country) => [
      country,
      prepared.filter((p) => p.source.country === country).sort((x, y) => compareIds(x.source.id, y.source.id)),
    ]),
  );
  return prepared
    .filter((a) => only === null || only.has(a.source.id))
    .map((a) => {
      const others = byCountry.get(a.source.country === 'FR' ? 'KR' : 'FR') ?? [];
      const suggestions: Suggestion[] = [];
      let fresh = 0;
      for (const [score, counterparts] of byScore(a, others)) {
        for (const b of counterparts) {
          const renew = a.partners.has(b.source.id);
          if (renew || (score > 0 && fresh < limit)) {
            fresh += renew ? 0 : 1;
            suggestions.push({ counterpartId: b.source.id, relation: renew ? 'renew' : 'new', score, reasons: reasonsFor(a, b) });
          }
        }
      }
      return { organisationId: a.source.id, suggestions };
    });
}
