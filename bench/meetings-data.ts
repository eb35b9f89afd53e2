import { POPULATION_BANDS, type MatchProfile } from '../src/meetings/profile';
import type {
  AcceptedMeeting,
  Commitment,
  DelegationAgenda,
  InterpreterAgenda,
  MeetingBlock,
  ScheduleInput,
} from '../src/meetings/schedule.types';
import type { KnownPartnership, SuggestionAuthority } from '../src/meetings/suggestions';

/**
 * A second forum in Korea, made up with a fixed seed so every run measures the same edition:
 * registered French and Korean authorities with theme rankings, profiles, host offers and
 * partnerships; two days of sessions, field visits and meeting blocks; interpreters.
 */

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) {
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  }
  return out;
}

function weighted<T>(random: Random, table: readonly (readonly [T, number])[]): T {
  let r = random() * table.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of table) {
    r -= weight;
    if (r < 0) {
      return value;
    }
  }
  return table[table.length - 1][0];
}

const THEMES = ['ai-cities', 'economy', 'culture-tourism', 'climate-energy', 'youth-education', 'health-ageing'];
const COMPETENCES = [
  'mobilité douce',
  'smart city',
  'tourisme gastronomique',
  'gestion de l’eau',
  'hydrogène',
  'économie sociale',
  'festival',
  'patrimoine',
  'vieillissement',
  'jeunesse',
  'startups',
  'recyclage',
  'agriculture urbaine',
  'e-gouvernement',
  'cinéma',
  'biotech',
];
const FRENCH_KINDS = [
  ['commune', 55],
  ['intercommunality', 10],
  ['metropole', 10],
  ['departement', 15],
  ['region', 10],
] as const;
const KOREAN_KINDS = [
  ['district', 35],
  ['county', 20],
  ['metropolitan_city', 15],
  ['province', 25],
  ['special_city', 5],
] as const;
const POPULATION_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  commune: [3_000, 500_000],
  intercommunality: [20_000, 300_000],
  metropole: [250_000, 1_500_000],
  departement: [150_000, 2_600_000],
  region: [2_500_000, 12_000_000],
  district: [150_000, 700_000],
  county: [20_000, 150_000],
  metropolitan_city: [1_100_000, 3_400_000],
  province: [600_000, 13_500_000],
  special_city: [400_000, 9_500_000],
};
const PARTNERSHIP_KINDS = ['twinning', 'mou', 'letter_of_intent', 'friendship', 'cooperation'];

function logUniform(random: Random, [low, high]: readonly [number, number]): number {
  return Math.round(Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low))));
}

function profileFor(random: Random, country: string): MatchProfile {
  const kinds = country === 'FR' ? KOREAN_KINDS : FRENCH_KINDS;
  return {
    offers: {
      themeIds: sample(random, THEMES, 1 + Math.floor(random() * 2)),
      competences: sample(random, COMPETENCES, Math.floor(random() * 4)),
    },
    seeks: {
      themeIds: sample(random, THEMES, 1 + Math.floor(random() * 2)),
      competences: sample(random, COMPETENCES, Math.floor(random() * 3)),
      partnerKinds: sample(
        random,
        kinds.map(([kind]) => kind),
        Math.floor(random() * 3),
      ),
      partnerSizes: sample(random, POPULATION_BANDS, Math.floor(random() * 3)),
    },
    languages: [country === 'FR' ? 'fr' : 'ko', ...(random() < 0.45 ? ['en'] : [])],
  };
}

export interface BenchEdition {
  authorities: SuggestionAuthority[];
  partnerships: KnownPartnership[];
}

/** `count` registered authorities, a little more than half French, and the partnerships among them. */
export function makeEdition(seed: number, count: number): BenchEdition {
  const random = seededRandom(seed);
  const authorities: SuggestionAuthority[] = Array.from({ length: count }, (_, i) => {
    const country = i < Math.round(count * 0.53) ? 'FR' : 'KR';
    const kind = weighted(random, country === 'FR' ? FRENCH_KINDS : KOREAN_KINDS);
    return {
      id: `org-${String(i).padStart(4, '0')}`,
      country,
      kind,
      population: logUniform(random, POPULATION_RANGE[kind]),
      themeRanking: sample(random, THEMES, THEMES.length),
      profile: random() < 0.8 ? profileFor(random, country) : null,
      hostOfferThemeIds: random() < 0.3 ? sample(random, THEMES, 1 + Math.floor(random() * 2)) : null,
    };
  });
  const french = authorities.filter((a) => a.country === 'FR');
  const korean = authorities.filter((a) => a.country === 'KR');
  const partnerships: KnownPartnership[] = Array.from({ length: Math.round(count / 5) }, () => ({
    organisationIds: [pick(random, french).id, pick(random, korean).id] as const,
    kind: pick(random, PARTNERSHIP_KINDS),
    since: String(1990 + Math.floor(random() * 34)),
  }));
  return { authorities, partnerships };
}

/** How steeply requests go to the largest authorities: 0 even, 1 Zipf's law. */
const POPULARITY = 0.8;
/** The most requests one authority accepts: more than the 12 blocks, as the most asked ones do. */
const MOST_ACCEPTED = 20;

const at = (day: number, time: string) => new Date(`2024-09-${String(24 + day).padStart(2, '0')}T${time}:00+09:00`);

/**
 * The meetings of an edition of 300 authorities: `requests` accepted requests (popular authorities
 * asked more often), 12 blocks of 30 minutes over two afternoons and mornings × 20 tables, field
 * visits and workshops that take some delegations away, and 8 interpreters, not all of whom can
 * work at a table or every day. About half the meetings need French–Korean interpretation.
 */
export function makeMeetings(seed: number, authorities: readonly SuggestionAuthority[], requests: number): ScheduleInput {
  const random = seededRandom(seed);
  const times = [
    [1, '14:00'],
    [1, '14:30'],
    [1, '15:00'],
    [1, '15:30'],
    [1, '16:00'],
    [1, '16:30'],
    [2, '09:00'],
    [2, '09:30'],
    [2, '10:00'],
    [2, '10:30'],
    [2, '11:00'],
    [2, '11:30'],
  ] as const;
  const tableIds = Array.from({ length: 20 }, (_, i) => `table-${String(i + 1).padStart(2, '0')}`);
  const blocks: MeetingBlock[] = times.map(([day, time], i) => {
    const start = at(day, time);
    return { id: `block-${String(i + 1).padStart(2, '0')}`, start, end: new Date(start.getTime() + 30 * 60_000), tableIds };
  });
  // Field visits on day 1 (13:30–15:30 or 15:00–17:00) and day 2 (08:30–10:00); workshops on day 2.
  const outings: Omit<Commitment, 'id'>[] = [
    { kind: 'visit', start: at(1, '13:30'), end: at(1, '15:30') },
    { kind: 'visit', start: at(1, '15:00'), end: at(1, '17:00') },
    { kind: 'visit', start: at(2, '08:30'), end: at(2, '10:00') },
    { kind: 'session', start: at(2, '10:30'), end: at(2, '11:30') },
  ];
  const delegations: DelegationAgenda[] = authorities.map((a) => ({
    organisationId: a.id,
    commitments: outings.flatMap((outing, i) =>
      random() < 0.25 ? [{ ...outing, id: `${outing.kind}-${i}-${Math.floor(random() * 6)}` }] : [],
    ),
  }));
  const french = authorities.filter((a) => a.country === 'FR');
  const korean = authorities.filter((a) => a.country === 'KR');
  // The largest authorities are asked far more often (Zipf's law over their population order).
  const popularity = (side: SuggestionAuthority[]) =>
    [...side].sort((x, y) => (y.population ?? 0) - (x.population ?? 0)).map((a, rank) => [a, 1 / (rank + 1) ** POPULARITY] as const);
  const frenchWeights = popularity(french);
  const koreanWeights = popularity(korean);
  const seen = new Set<string>();
  const accepted = new Map<string, number>();
  const meetings: AcceptedMeeting[] = [];
  while (meetings.length < requests) {
    const a = weighted(random, frenchWeights);
    const b = weighted(random, koreanWeights);
    const key = `${a.id}|${b.id}`;
    if (seen.has(key) || (accepted.get(a.id) ?? 0) >= MOST_ACCEPTED || (accepted.get(b.id) ?? 0) >= MOST_ACCEPTED) {
      continue;
    }
    seen.add(key);
    for (const id of [a.id, b.id]) {
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
    }
    const shareEnglish = (a.profile?.languages.includes('en') ?? false) && (b.profile?.languages.includes('en') ?? false);
    meetings.push({
      id: `meeting-${String(meetings.length).padStart(4, '0')}`,
      organisationIds: random() < 0.5 ? [a.id, b.id] : [b.id, a.id],
      interpretation: !shareEnglish && random() < 0.6 ? ['fr', 'ko'] : null,
      acceptedAt: new Date(Date.UTC(2024, 6, 1) + Math.floor(random() * 60 * 24 * 3600_000)),
      placed: null,
    });
  }
  const day = (d: number) => ({ start: at(d, '08:00'), end: at(d, '19:00') });
  const interpreters: InterpreterAgenda[] = [
    { id: 'interpreter-1', languages: ['fr', 'ko'], modes: ['consecutive', 'whispered'], availability: null, commitments: [] },
    { id: 'interpreter-2', languages: ['fr', 'ko'], modes: ['consecutive', 'whispered'], availability: null, commitments: [] },
    {
      id: 'interpreter-3',
      languages: ['fr', 'ko', 'en'],
      modes: ['consecutive'],
      availability: null,
      commitments: [{ kind: 'visit', id: 'visit-1-0', start: at(1, '13:30'), end: at(1, '15:30') }],
    },
    { id: 'interpreter-4', languages: ['fr', 'ko'], modes: ['whispered'], availability: [day(1)], commitments: [] },
    { id: 'interpreter-5', languages: ['fr', 'ko'], modes: ['consecutive'], availability: [day(2)], commitments: [] },
    {
      id: 'interpreter-6',
      languages: ['fr', 'ko'],
      modes: ['simultaneous', 'consecutive'],
      availability: null,
      commitments: [{ kind: 'session', id: 'workshop-a', start: at(2, '10:30'), end: at(2, '11:30') }],
    },
    {
      id: 'interpreter-7',
      languages: ['fr', 'ko'],
      modes: ['simultaneous', 'consecutive'],
      availability: null,
      commitments: [{ kind: 'session', id: 'workshop-b', start: at(2, '10:30'), end: at(2, '11:30') }],
    },
    { id: 'interpreter-8', languages: ['fr', 'ko'], modes: ['simultaneous'], availability: null, commitments: [] },
  ];
  return { blocks, delegations, interpreters, meetings };
}
