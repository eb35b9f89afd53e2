import fc from 'fast-check';
import { levelMatch } from '../../src/meetings/levels';
import { POPULATION_BANDS } from '../../src/meetings/profile';
import {
  type AuthoritySuggestions,
  type KnownPartnership,
  type SuggestionAuthority,
  suggestPartners,
} from '../../src/meetings/suggestions';
import { authority, profile } from './factory';

const listOf = (lists: AuthoritySuggestions[], id: string) => lists.find((l) => l.organisationId === id)?.suggestions ?? [];
const idsFor = (lists: AuthoritySuggestions[], id: string) => listOf(lists, id).map((s) => s.counterpartId);

// Lyon seeks AI and soft mobility from a large Korean metropolitan city; Daegu offers both and
// seeks what Lyon offers. Both speak English beside their own language.
const lyon = authority('lyon', 'FR', 'metropole', {
  population: 1_400_000,
  themeRanking: ['eco', 'ai', 'culture', 'climate'],
  profile: profile({
    offers: { themeIds: ['culture'], competences: ['Gastronomie'] },
    seeks: { themeIds: ['ai'], competences: ['Mobilité douce'], partnerKinds: ['metropolitan_city'], partnerSizes: ['very_large'] },
    languages: ['fr', 'en'],
  }),
});
const daegu = authority('daegu', 'KR', 'metropolitan_city', {
  population: 2_400_000,
  themeRanking: ['ai', 'eco', 'climate', 'culture'],
  profile: profile({
    offers: { themeIds: ['ai'], competences: ['mobilite  douce', 'robotique'] },
    seeks: { themeIds: ['culture'], competences: ['gastronomie'], partnerKinds: ['metropole'] },
    languages: ['ko', 'en'],
  }),
  hostOfferThemeIds: ['ai'],
});

describe('Partner suggestions', () => {
  it('suggests authorities of the other country only', () => {
    const lists = suggestPartners(
      [
        lyon,
        daegu,
        authority('lille', 'FR', 'metropole', { population: 1_200_000 }),
        authority('busan', 'KR', 'metropolitan_city', { population: 3_300_000 }),
        authority('koeln', 'DE', 'city'),
      ],
      [],
    );

    expect(lists.map((l) => l.organisationId)).toEqual(['lyon', 'daegu', 'lille', 'busan']);
    expect(idsFor(lists, 'lyon')).toEqual(['daegu', 'busan']);
    expect(idsFor(lists, 'lille')).toEqual(['daegu', 'busan']);
    expect(idsFor(lists, 'daegu')).toEqual(['lyon', 'lille']);
  });

  it('neither suggests nor makes suggestions for ministries, embassies, networks or associations', () => {
    const lists = suggestPartners([lyon, authority('embassy', 'KR', 'embassy'), authority('garok', 'KR', 'network'), daegu], []);

    expect(lists.map((l) => l.organisationId)).toEqual(['lyon', 'daegu']);
    expect(idsFor(lists, 'lyon')).toEqual(['daegu']);
  });

  it('explains the score: a reason for each link, with its points, adding up to the score', () => {
    const [forLyon] = suggestPartners([lyon, daegu], [], { for: ['lyon'] });

    expect(forLyon.suggestions).toEqual([
      {
        counterpartId: 'daegu',
        relation: 'new',
        score: 37,
        reasons: [
          { code: 'offers_what_you_seek', points: 7, themeIds: ['ai'], competences: ['Mobilité douce'] },
          { code: 'seeks_what_you_offer', points: 7, themeIds: ['culture'], competences: ['Gastronomie'] },
          { code: 'shared_theme', points: 5, themeId: 'eco', rankA: 1, rankB: 2 },
          { code: 'shared_theme', points: 5, themeId: 'ai', rankA: 2, rankB: 1 },
          { code: 'same_level', points: 3, kindA: 'metropole', kindB: 'metropolitan_city' },
          { code: 'hosts_on_your_theme', points: 2, themeIds: ['ai'] },
          { code: 'kind_you_seek', points: 2, kind: 'metropolitan_city' },
          { code: 'seeks_your_kind', points: 2, kind: 'metropole' },
          { code: 'size_you_seek', points: 2, band: 'very_large', population: 2_400_000 },
          { code: 'similar_size', points: 1, populationA: 1_400_000, populationB: 2_400_000 },
          { code: 'common_language', points: 1, languages: ['en'] },
        ],
      },
    ]);
  });

  it('marks an existing partner "renew" even with nothing else in common, and lists it beyond the limit', () => {
    const lille = authority('lille', 'FR', 'commune');
    const lists = suggestPartners(
      [lille, lyon, daegu, authority('busan', 'KR', 'embassy'), authority('gangneung', 'KR', 'metropolitan_city')],
      [{ organisationIds: ['gangneung', 'lille'], kind: 'twinning', since: '2007' }],
      { limit: 1 },
    );

    expect(listOf(lists, 'lille')).toEqual([
      {
        counterpartId: 'daegu',
        relation: 'new',
        score: 1,
        reasons: [{ code: 'close_level', points: 1, kindA: 'commune', kindB: 'metropolitan_city' }],
      },
      {
        counterpartId: 'gangneung',
        relation: 'renew',
        score: 1,
        reasons: [
          { code: 'existing_partner', points: 0, partnershipKind: 'twinning', since: '2007' },
          { code: 'close_level', points: 1, kindA: 'commune', kindB: 'metropolitan_city' },
        ],
      },
    ]);
    expect(listOf(lists, 'gangneung').find((s) => s.counterpartId === 'lille')?.relation).toBe('renew');
  });

  it('leaves out a counterpart with nothing in common', () => {
    const lists = suggestPartners([authority('lens', 'FR', 'commune'), authority('jeju', 'KR', 'province')], []);

    expect(idsFor(lists, 'lens')).toEqual([]);
  });

  it('matches competences whatever their case, accents and spacing, and shows them as the reader wrote them', () => {
    const seeker = authority('nantes', 'FR', 'metropole', { profile: profile({ seeks: { competences: ['Économie  sociale'] } }) });
    const giver = authority('seongbuk', 'KR', 'district', {
      profile: profile({ offers: { competences: ['economie sociale', '사회적경제'] } }),
    });

    const [forNantes] = suggestPartners([seeker, giver], [], { for: ['nantes'] });

    expect(forNantes.suggestions[0].reasons).toContainEqual({
      code: 'offers_what_you_seek',
      points: 3,
      themeIds: [],
      competences: ['Économie  sociale'],
    });
  });

  it('counts a theme as shared only when both rank it in their first three', () => {
    const a = authority('a', 'FR', 'region', { themeRanking: ['t1', 't2', 't3', 't4'] });
    const b = authority('b', 'KR', 'county', { themeRanking: ['t4', 't5', 't6', 't3'] });

    expect(suggestPartners([a, b], [])[0].suggestions).toEqual([]);
  });

  it('breaks ties by the smaller id, whatever the order of the input', () => {
    const counterparts = ['k3', 'k1', 'k2'].map((id) => authority(id, 'KR', 'province'));
    const region = authority('occitanie', 'FR', 'region');

    expect(idsFor(suggestPartners([region, ...counterparts], []), 'occitanie')).toEqual(['k1', 'k2', 'k3']);
    expect(idsFor(suggestPartners([...counterparts].reverse().concat(region), []), 'occitanie')).toEqual(['k1', 'k2', 'k3']);
  });

  describe('levels of government', () => {
    it.each([
      ['region', 'province', 'same'],
      ['metropole', 'metropolitan_city', 'same'],
      ['metropole', 'special_city', 'same'],
      ['commune', 'county', 'same'],
      ['commune', 'district', 'same'],
      ['intercommunality', 'city', 'same'],
      ['departement', 'province', 'close'],
      ['region', 'metropolitan_city', 'close'],
      ['commune', 'metropolitan_city', 'close'],
      ['region', 'county', null],
      ['departement', 'district', null],
      ['embassy', 'province', null],
    ])('%s and %s: %s', (a, b, expected) => {
      expect(levelMatch(a, b)).toBe(expected);
      expect(levelMatch(b, a)).toBe(expected);
    });
  });

  describe('on random editions', () => {
    const THEMES = ['t1', 't2', 't3', 't4', 't5'];
    const TAGS = ['Mobilité', 'mobilite', 'eau', 'Festival', 'startups'];
    const kinds = {
      FR: ['commune', 'metropole', 'departement', 'region', 'embassy'],
      KR: ['province', 'metropolitan_city', 'county', 'district', 'network'],
    };
    const authorityArb = (id: string) =>
      fc.constantFrom<'FR' | 'KR'>('FR', 'KR').chain((country) =>
        fc.record({
          id: fc.constant(id),
          country: fc.constant(country),
          kind: fc.constantFrom(...kinds[country]),
          population: fc.option(fc.integer({ min: 1_000, max: 10_000_000 }), { nil: null }),
          themeRanking: fc.shuffledSubarray(THEMES),
          profile: fc.option(
            fc.record({
              offers: fc.record({ themeIds: fc.subarray(THEMES), competences: fc.subarray(TAGS) }),
              seeks: fc.record({
                themeIds: fc.subarray(THEMES),
                competences: fc.subarray(TAGS),
                partnerKinds: fc.subarray([...kinds.FR, ...kinds.KR]),
                partnerSizes: fc.subarray([...POPULATION_BANDS]),
              }),
              languages: fc.subarray(['fr', 'ko', 'en']),
            }),
            { nil: null },
          ),
          hostOfferThemeIds: fc.option(fc.subarray(THEMES), { nil: null }),
        }),
      );
    const editionArb = fc.integer({ min: 2, max: 12 }).chain((n) =>
      fc.tuple(
        fc.tuple(...Array.from({ length: n }, (_, i) => authorityArb(`o${i}`))),
        fc.array(
          fc.record({
            organisationIds: fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).map(([x, y]) => [`o${x}`, `o${y}`] as const),
            kind: fc.constantFrom('twinning', 'mou'),
            since: fc.constant(null),
          }),
          { maxLength: 3 },
        ),
      ),
    );

    it('scores a pair the same from both sides, as the sum of its reasons, best first', () => {
      fc.assert(
        fc.property(editionArb, ([authorities, partnerships]: [SuggestionAuthority[], KnownPartnership[]]) => {
          const lists = suggestPartners(authorities, partnerships, { limit: 100 });
          for (const list of lists) {
            list.suggestions.forEach((s, i) => {
              expect(s.score).toBe(s.reasons.reduce((sum, r) => sum + r.points, 0));
              expect(i === 0 || list.suggestions[i - 1].score >= s.score).toBe(true);
              const back = listOf(lists, s.counterpartId).find((t) => t.counterpartId === list.organisationId);
              expect(back?.score).toBe(s.score);
            });
          }
        }),
        { numRuns: 100 },
      );
    });

    it('gives the same lists for the same edition listed in another order', () => {
      fc.assert(
        fc.property(editionArb, ([authorities, partnerships]: [SuggestionAuthority[], KnownPartnership[]]) => {
          const byId = (lists: AuthoritySuggestions[]) => [...lists].sort((x, y) => x.organisationId.localeCompare(y.organisationId));
          expect(byId(suggestPartners([...authorities].reverse(), [...partnerships].reverse()))).toEqual(
            byId(suggestPartners(authorities, partnerships)),
          );
        }),
        { numRuns: 100 },
      );
    });
  });
});
