import type { Locale } from '../../src/common/locale';
import { renderReason, renderReasons } from '../../src/meetings/suggestion-reasons';
import { type SuggestionReason, suggestPartners } from '../../src/meetings/suggestions';
import { authority, profile } from './factory';

const TITLES: Record<string, Record<Locale, string>> = {
  ai: { fr: 'IA et villes', ko: 'AI와 도시', en: 'AI and cities' },
  eco: { fr: 'Développement économique', ko: '경제 발전', en: 'Economic development' },
  culture: { fr: 'Culture, tourisme, gastronomie', ko: '문화·관광·미식', en: 'Culture, tourism, gastronomy' },
  tourism: { fr: 'Tourisme', ko: '관광', en: 'Tourism' },
};
const labels = (locale: Locale) => ({ themeTitle: (id: string) => TITLES[id][locale] });
// Intl writes French thousands with a narrow no-break space; compare the words.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

const daegu = authority('daegu', 'KR', 'metropolitan_city', {
  population: 2_400_000,
  themeRanking: ['ai', 'eco', 'climate'],
  profile: profile({
    offers: { themeIds: ['ai'] },
    seeks: { themeIds: ['culture'], competences: ['gastronomie'], partnerKinds: ['metropole'] },
    languages: ['ko', 'en'],
  }),
  hostOfferThemeIds: ['ai'],
});
const lyon = authority('lyon', 'FR', 'metropole', {
  population: 1_400_000,
  themeRanking: ['eco', 'ai', 'culture'],
  profile: profile({
    offers: { themeIds: ['culture'], competences: ['Gastronomie'] },
    seeks: { themeIds: ['ai'], partnerKinds: ['metropolitan_city'], partnerSizes: ['very_large'] },
    languages: ['fr', 'en'],
  }),
});
const reasonsFor = (reader: string) => suggestPartners([daegu, lyon], [], { for: [reader] })[0].suggestions[0].reasons;

describe('Reasons of a suggestion, in the reader’s language', () => {
  it('tells Lyon, in French, why Daegu', () => {
    expect(renderReasons(reasonsFor('lyon'), 'fr', labels('fr')).map(plain)).toEqual([
      'Cherche ce que vous proposez : « Culture, tourisme, gastronomie » et « Gastronomie ».',
      'Priorité commune : « Développement économique » (votre n° 1, leur n° 2).',
      'Priorité commune : « IA et villes » (votre n° 2, leur n° 1).',
      'Propose ce que vous cherchez : « IA et villes ».',
      'Même échelon : ville métropolitaine, vous métropole.',
      'Propose d’accueillir une visite sur « IA et villes ».',
      'Le type de partenaire que vous cherchez : ville métropolitaine.',
      'Cherche un partenaire de votre type : métropole.',
      'De la taille que vous cherchez (1 000 000 habitants ou plus) : 2 400 000 habitants.',
      'Taille comparable : 2 400 000 habitants, vous 1 400 000.',
      'Vos deux délégations parlent anglais.',
    ]);
  });

  it('tells Daegu, in Korean, why Lyon, with particles that agree with each word', () => {
    expect(renderReasons(reasonsFor('daegu'), 'ko', labels('ko'))).toEqual([
      '귀 기관이 찾는 ‘문화·관광·미식’ 및 ‘gastronomie’을(를) 제공합니다.',
      '두 기관 모두 ‘AI와 도시’를 우선 주제로 꼽았습니다(귀 기관 1순위, 상대 기관 2순위).',
      '두 기관 모두 ‘경제 발전’을 우선 주제로 꼽았습니다(귀 기관 2순위, 상대 기관 1순위).',
      '귀 기관이 제공하는 ‘AI와 도시’를 찾고 있습니다.',
      '메트로폴은 광역시와 같은 급의 지방정부입니다.',
      '귀 기관이 ‘AI와 도시’를 주제로 제안한 방문에 관심을 가질 만합니다.',
      '귀 기관이 찾는 유형의 상대(메트로폴)입니다.',
      '광역시를 상대로 찾고 있습니다.',
      '귀 기관 규모(인구 1,000,000명 이상)의 상대를 찾고 있습니다.',
      '인구 규모가 비슷합니다(상대 기관 1,400,000명, 귀 기관 2,400,000명).',
      '두 대표단 모두 영어를 구사합니다.',
    ]);
  });

  it('tells Lyon, in English, why Daegu', () => {
    expect(renderReasons(reasonsFor('lyon'), 'en', labels('en')).slice(0, 5)).toEqual([
      'Seeks what you offer: “Culture, tourism, gastronomy” and “Gastronomie”.',
      'Shared priority: “Economic development” (your no. 1, their no. 2).',
      'Shared priority: “AI and cities” (your no. 2, their no. 1).',
      'Offers what you seek: “AI and cities”.',
      'Same level of government: metropolitan city, you metropolis.',
    ]);
  });

  it('says an existing partner is one to renew', () => {
    const reason: SuggestionReason = { code: 'existing_partner', points: 0, partnershipKind: 'twinning', since: '2007' };

    expect(renderReason(reason, 'fr', labels('fr'))).toBe('Déjà partenaires (jumelage depuis 2007) : une relation à renouveler.');
    expect(renderReason(reason, 'ko', labels('ko'))).toBe('이미 자매결연 관계입니다(2007부터). 새롭게 다질 관계입니다.');
    expect(renderReason(reason, 'en', labels('en'))).toBe('Already partners (twinning since 2007): a tie to renew.');
  });

  it('chooses 을 or 를, 은 or 는, 와 or 과 by the last syllable of the title or kind', () => {
    const shared = (themeId: string): SuggestionReason => ({ code: 'shared_theme', points: 6, themeId, rankA: 1, rankB: 1 });

    expect(renderReason(shared('tourism'), 'ko', labels('ko'))).toContain('‘관광’을 우선 주제로');
    expect(renderReason(shared('ai'), 'ko', labels('ko'))).toContain('‘AI와 도시’를 우선 주제로');
    expect(renderReason({ code: 'same_level', points: 3, kindA: 'region', kindB: 'province' }, 'ko', labels('ko'))).toBe(
      '도는 레지옹과 같은 급의 지방정부입니다.',
    );
    expect(renderReason({ code: 'close_level', points: 1, kindA: 'departement', kindB: 'province' }, 'ko', labels('ko'))).toBe(
      '도는 데파르트망과 비슷한 급의 지방정부입니다.',
    );
    expect(renderReason({ code: 'same_level', points: 3, kindA: 'commune', kindB: 'county' }, 'ko', labels('ko'))).toBe(
      '군은 코뮌과 같은 급의 지방정부입니다.',
    );
    expect(renderReason({ code: 'seeks_your_kind', points: 2, kind: 'region' }, 'ko', labels('ko'))).toBe('레지옹을 상대로 찾고 있습니다.');
  });
});
