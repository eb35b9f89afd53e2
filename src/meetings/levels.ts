/**
 * Levels of local government, to say which French and Korean authorities are counterparts.
 *
 * - regional: French régions; Korean provinces (도), special self-governing provinces included
 *   (Jeju, Gangwon, Jeonbuk are stored as `province`).
 * - metropolitan: French métropoles; Korean metropolitan cities (광역시) and special cities (특별시:
 *   Seoul; Sejong, a special self-governing city). Korean law puts these at the provinces' tier,
 *   but what they run (transport, economy, culture of a large city) is what a métropole runs.
 * - municipal: French communes and intercommunalities; Korean cities (시), autonomous districts
 *   (자치구) and counties (군).
 * - departemental: French départements. Korea has no tier between province and city; a province is
 *   the nearest in size and in what it does for rural areas and roads, so the two are close.
 *
 * Two authorities of the same level are "same level"; the pairs in CLOSE_LEVELS are "close level"
 * (a region and a metropolitan city are both upper tier in Korea; a large commune and a
 * metropolitan city are both cities). Ministries, embassies, networks, associations and other
 * bodies have no level: they take part in forums but are not partners of decentralised
 * cooperation, so suggestions neither list them nor are made for them.
 */
export const LEVELS = ['regional', 'departemental', 'metropolitan', 'municipal'] as const;
export type Level = (typeof LEVELS)[number];

// Kinds as stored on organisations; `city` is the Korean 시, which organisations may come to use.
const LEVEL_BY_KIND: Readonly<Record<string, Level>> = {
  region: 'regional',
  province: 'regional',
  special_self_governing_province: 'regional',
  departement: 'departemental',
  metropole: 'metropolitan',
  metropolitan_city: 'metropolitan',
  special_city: 'metropolitan',
  commune: 'municipal',
  intercommunality: 'municipal',
  city: 'municipal',
  district: 'municipal',
  county: 'municipal',
};

const CLOSE_LEVELS: readonly (readonly [Level, Level])[] = [
  ['departemental', 'regional'],
  ['regional', 'metropolitan'],
  ['metropolitan', 'municipal'],
];

export type LevelMatch = 'same' | 'close';

/** The level of an organisation kind, or null for bodies that are not local authorities. */
export function levelOf(kind: string): Level | null {
  return Object.hasOwn(LEVEL_BY_KIND, kind) ? LEVEL_BY_KIND[kind] : null;
}

/** Whether two levels are the same, close, or neither (null). Symmetric. */
export function levelsMatch(a: Level, b: Level): LevelMatch | null {
  if (a === b) {
    return 'same';
  }
  for (const [x, y] of CLOSE_LEVELS) {
    if ((x === a && y === b) || (x === b && y === a)) {
      return 'close';
    }
  }
  return null;
}

/** Whether two kinds are of the same level, of close levels, or neither (null). Symmetric. */
export function levelMatch(kindA: string, kindB: string): LevelMatch | null {
  const a = levelOf(kindA);
  const b = levelOf(kindB);
  return a === null || b === null ? null : levelsMatch(a, b);
}
