import { withJosa } from '../common/korean';
import type { Locale } from '../common/locale';
import { POPULATION_BAND_FLOORS, type PopulationBand } from './profile';
import type { SuggestionReason } from './suggestions';

/** What the renderer cannot know by itself: the edition's theme titles in the reader's language. */
export interface ReasonLabels {
  themeTitle(themeId: string): string;
}

type Labels = Readonly<Record<Locale, Readonly<Record<string, string>>>>;

const KIND_LABELS: Labels = {
  fr: {
    region: 'région',
    province: 'province (do)',
    special_self_governing_province: 'province autonome spéciale',
    departement: 'département',
    metropole: 'métropole',
    metropolitan_city: 'ville métropolitaine',
    special_city: 'ville spéciale',
    commune: 'commune',
    intercommunality: 'intercommunalité',
    city: 'ville (si)',
    district: 'arrondissement autonome (gu)',
    county: 'comté (gun)',
  },
  ko: {
    region: '레지옹',
    province: '도',
    special_self_governing_province: '특별자치도',
    departement: '데파르트망',
    metropole: '메트로폴',
    metropolitan_city: '광역시',
    special_city: '특별시',
    commune: '코뮌',
    intercommunality: '코뮌 연합',
    city: '시',
    district: '자치구',
    county: '군',
  },
  en: {
    region: 'region',
    province: 'province',
    special_self_governing_province: 'special self-governing province',
    departement: 'département',
    metropole: 'metropolis',
    metropolitan_city: 'metropolitan city',
    special_city: 'special city',
    commune: 'commune',
    intercommunality: 'intercommunality',
    city: 'city',
    district: 'autonomous district',
    county: 'county',
  },
};

const PARTNERSHIP_LABELS: Labels = {
  fr: {
    twinning: 'jumelage',
    mou: 'protocole d’accord',
    letter_of_intent: 'lettre d’intention',
    friendship: 'amitié',
    cooperation: 'coopération',
  },
  ko: { twinning: '자매결연', mou: '업무협약(MOU)', letter_of_intent: '의향서', friendship: '우호교류', cooperation: '협력' },
  en: {
    twinning: 'twinning',
    mou: 'memorandum of understanding',
    letter_of_intent: 'letter of intent',
    friendship: 'friendship',
    cooperation: 'cooperation',
  },
};

function label(labels: Labels, locale: Locale, code: string): string {
  return labels[locale][code] ?? code;
}

function number(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

function list(items: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

function quote(text: string, locale: Locale): string {
  switch (locale) {
    case 'fr':
      return `« ${text} »`;
    case 'ko':
      return `‘${text}’`;
    case 'en':
      return `“${text}”`;
  }
}

/** A band in words, from the same floors the matching uses. */
function band(value: PopulationBand, locale: Locale): string {
  const floors = POPULATION_BAND_FLOORS;
  const [from, to] = {
    small: [null, floors.medium],
    medium: [floors.medium, floors.large],
    large: [floors.large, floors.very_large],
    very_large: [floors.very_large, null],
  }[value].map((n) => (n === null ? null : number(n, locale)));
  const words = {
    fr: { below: `moins de ${to} habitants`, between: `de ${from} à ${to} habitants`, above: `${from} habitants ou plus` },
    ko: { below: `인구 ${to}명 미만`, between: `인구 ${from}~${to}명`, above: `인구 ${from}명 이상` },
    en: { below: `under ${to} inhabitants`, between: `${from} to ${to} inhabitants`, above: `${from} inhabitants or more` },
  }[locale];
  return from === null ? words.below : to === null ? words.above : words.between;
}

function languages(codes: readonly string[], locale: Locale): string {
  const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
  return list(
    codes.map((code) => names.of(code) ?? code),
    locale,
  );
}

/** Themes (their titles, quoted) then competences (as written), as one list. */
function offer(themeIds: readonly string[], competences: readonly string[], locale: Locale, labels: ReasonLabels): string {
  return list([...themeIds.map((id) => quote(labels.themeTitle(id), locale)), ...competences.map((c) => quote(c, locale))], locale);
}

function themes(themeIds: readonly string[], locale: Locale, labels: ReasonLabels): string {
  return list(
    themeIds.map((id) => quote(labels.themeTitle(id), locale)),
    locale,
  );
}

/** One reason as a sentence in the reader's language ("you" is the reader, "they" the counterpart). */
export function renderReason(reason: SuggestionReason, locale: Locale, labels: ReasonLabels): string {
  switch (reason.code) {
    case 'existing_partner': {
      const kind = label(PARTNERSHIP_LABELS, locale, reason.partnershipKind);
      const since = reason.since;
      return {
        fr: `Déjà partenaires (${kind}${since ? ` depuis ${since}` : ''}) : une relation à renouveler.`,
        ko: `이미 ${kind} 관계입니다${since ? `(${since}부터)` : ''}. 새롭게 다질 관계입니다.`,
        en: `Already partners (${kind}${since ? ` since ${since}` : ''}): a tie to renew.`,
      }[locale];
    }
    case 'shared_theme': {
      const theme = quote(labels.themeTitle(reason.themeId), locale);
      return {
        fr: `Priorité commune : ${theme} (votre n° ${reason.rankA}, leur n° ${reason.rankB}).`,
        ko: `두 기관 모두 ${withJosa(theme, '을/를')} 우선 주제로 꼽았습니다(귀 기관 ${reason.rankA}순위, 상대 기관 ${reason.rankB}순위).`,
        en: `Shared priority: ${theme} (your no. ${reason.rankA}, their no. ${reason.rankB}).`,
      }[locale];
    }
    case 'offers_what_you_seek': {
      const items = offer(reason.themeIds, reason.competences, locale, labels);
      return {
        fr: `Propose ce que vous cherchez : ${items}.`,
        ko: `귀 기관이 찾는 ${withJosa(items, '을/를')} 제공합니다.`,
        en: `Offers what you seek: ${items}.`,
      }[locale];
    }
    case 'seeks_what_you_offer': {
      const items = offer(reason.themeIds, reason.competences, locale, labels);
      return {
        fr: `Cherche ce que vous proposez : ${items}.`,
        ko: `귀 기관이 제공하는 ${withJosa(items, '을/를')} 찾고 있습니다.`,
        en: `Seeks what you offer: ${items}.`,
      }[locale];
    }
    case 'hosts_on_your_theme': {
      const items = themes(reason.themeIds, locale, labels);
      return {
        fr: `Propose d’accueillir une visite sur ${items}.`,
        ko: `${withJosa(items, '을/를')} 주제로 한 방문을 유치하겠다고 제안했습니다.`,
        en: `Offers to host a visit on ${items}.`,
      }[locale];
    }
    case 'may_visit_you': {
      const items = themes(reason.themeIds, locale, labels);
      return {
        fr: `Pourrait s’intéresser à la visite que vous proposez sur ${items}.`,
        ko: `귀 기관이 ${withJosa(items, '을/를')} 주제로 제안한 방문에 관심을 가질 만합니다.`,
        en: `May be interested in the visit you offer to host on ${items}.`,
      }[locale];
    }
    case 'same_level':
    case 'close_level': {
      const theirs = label(KIND_LABELS, locale, reason.kindB);
      const yours = label(KIND_LABELS, locale, reason.kindA);
      const same = reason.code === 'same_level';
      return {
        fr: `${same ? 'Même échelon' : 'Échelons proches'} : ${theirs}, vous ${yours}.`,
        ko: `${withJosa(theirs, '은/는')} ${withJosa(yours, '와/과')} ${same ? '같은' : '비슷한'} 급의 지방정부입니다.`,
        en: `${same ? 'Same level of government' : 'Close levels of government'}: ${theirs}, you ${yours}.`,
      }[locale];
    }
    case 'kind_you_seek': {
      const kind = label(KIND_LABELS, locale, reason.kind);
      return {
        fr: `Le type de partenaire que vous cherchez : ${kind}.`,
        ko: `귀 기관이 찾는 유형의 상대(${kind})입니다.`,
        en: `The kind of partner you seek: ${kind}.`,
      }[locale];
    }
    case 'seeks_your_kind': {
      const kind = label(KIND_LABELS, locale, reason.kind);
      return {
        fr: `Cherche un partenaire de votre type : ${kind}.`,
        ko: `${withJosa(kind, '을/를')} 상대로 찾고 있습니다.`,
        en: `Seeks a partner of your kind: ${kind}.`,
      }[locale];
    }
    case 'size_you_seek': {
      const size = band(reason.band, locale);
      const population = number(reason.population, locale);
      return {
        fr: `De la taille que vous cherchez (${size}) : ${population} habitants.`,
        ko: `귀 기관이 찾는 규모(${size})입니다. 인구 ${population}명.`,
        en: `The size you seek (${size}): ${population} inhabitants.`,
      }[locale];
    }
    case 'seeks_your_size': {
      const size = band(reason.band, locale);
      return {
        fr: `Cherche un partenaire de votre taille (${size}).`,
        ko: `귀 기관 규모(${size})의 상대를 찾고 있습니다.`,
        en: `Seeks a partner of your size (${size}).`,
      }[locale];
    }
    case 'similar_size': {
      const theirs = number(reason.populationB, locale);
      const yours = number(reason.populationA, locale);
      return {
        fr: `Taille comparable : ${theirs} habitants, vous ${yours}.`,
        ko: `인구 규모가 비슷합니다(상대 기관 ${theirs}명, 귀 기관 ${yours}명).`,
        en: `Similar size: ${theirs} inhabitants, you ${yours}.`,
      }[locale];
    }
    case 'common_language': {
      const spoken = languages(reason.languages, locale);
      return {
        fr: `Vos deux délégations parlent ${spoken}.`,
        ko: `두 대표단 모두 ${withJosa(spoken, '을/를')} 구사합니다.`,
        en: `Both delegations speak ${spoken}.`,
      }[locale];
    }
  }
}

/** Every reason of a suggestion, in its order, in the reader's language. */
export function renderReasons(reasons: readonly SuggestionReason[], locale: Locale, labels: ReasonLabels): string[] {
  return reasons.map((reason) => renderReason(reason, locale, labels));
}

/** An organisation kind as the reader names it ("ville métropolitaine", "광역시"), for forms that offer them. */
export function kindLabel(kind: string, locale: Locale): string {
  return label(KIND_LABELS, locale, kind);
}

/** The local authority kinds a partner may be sought among, in the order forms list them. */
export const PARTNER_KINDS: readonly string[] = Object.keys(KIND_LABELS.fr);
