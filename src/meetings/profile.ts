/**
 * What an organisation states for the mise en relation: what it offers and what it seeks (themes
 * of the edition and free competences), the kind and size of partner it seeks, and the languages
 * its delegates speak (ISO 639-1: fr, ko, en…).
 */
export interface MatchProfile {
  offers: { themeIds: readonly string[]; competences: readonly string[] };
  seeks: {
    themeIds: readonly string[];
    competences: readonly string[];
    /** Organisation kinds (commune, province…); empty: any. */
    partnerKinds: readonly string[];
    /** Population bands; empty: any size. */
    partnerSizes: readonly PopulationBand[];
  };
  languages: readonly string[];
}

export const EMPTY_PROFILE: MatchProfile = {
  offers: { themeIds: [], competences: [] },
  seeks: { themeIds: [], competences: [], partnerKinds: [], partnerSizes: [] },
  languages: [],
};

/**
 * Sizes a partner may be sought by. The bounds follow the sizes the members speak of: a small
 * town, a town or county, a large city or département, a metropolis, region or province.
 */
export const POPULATION_BANDS = ['small', 'medium', 'large', 'very_large'] as const;
export type PopulationBand = (typeof POPULATION_BANDS)[number];

/** Lower bound of each band, inclusive; the next band's bound is the upper one, exclusive. */
export const POPULATION_BAND_FLOORS: Readonly<Record<PopulationBand, number>> = {
  small: 0,
  medium: 50_000,
  large: 250_000,
  very_large: 1_000_000,
};

export function populationBand(population: number): PopulationBand {
  for (let i = POPULATION_BANDS.length - 1; i > 0; i -= 1) {
    if (population >= POPULATION_BAND_FLOORS[POPULATION_BANDS[i]]) {
      return POPULATION_BANDS[i];
    }
  }
  return 'small';
}

/**
 * The form of a free competence tag that matching compares: "Mobilité  douce" and "mobilite
 * douce" are the same competence. Tags are not translated: "ville intelligente" does not match
 * "스마트시티"; the themes of the edition are what crosses languages.
 */
export function competenceKey(tag: string): string {
  return tag
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\-_]+/g, ' ')
    .trim();
}
