/**
 * Korean particles (josa) that agree with the word before them, named as grammars write them.
 * Each has a form after a final consonant (batchim) and one after a vowel; 으로/로 takes 로 after
 * ㄹ too.
 */
const FORMS = {
  '을/를': { consonant: '을', vowel: '를' },
  '이/가': { consonant: '이', vowel: '가' },
  '은/는': { consonant: '은', vowel: '는' },
  '와/과': { consonant: '과', vowel: '와' },
  '으로/로': { consonant: '으로', vowel: '로' },
} as const;
export type Josa = keyof typeof FORMS;

type Ending = 'vowel' | 'consonant' | 'rieul' | 'unknown';

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
const RIEUL_FINAL = 8;

// Digits and Latin letters as a Korean reader says them: 1 일, 3 삼, 6 육; MOU "엠오유", NGO "엔지오".
const DIGIT_ENDINGS: Readonly<Record<string, Ending>> = {
  '0': 'consonant',
  '1': 'rieul',
  '2': 'vowel',
  '3': 'consonant',
  '4': 'vowel',
  '5': 'vowel',
  '6': 'consonant',
  '7': 'rieul',
  '8': 'rieul',
  '9': 'vowel',
};
const LETTER_ENDINGS: Readonly<Record<string, Ending>> = { L: 'rieul', M: 'consonant', N: 'consonant', R: 'rieul' };

// Closing punctuation does not change the particle: 「문화」를, (MOU)를.
const TRAILING = /[\s)\]}"'’”»」』›.,!?]+$/u;

function endingOf(word: string): Ending {
  const trimmed = word.replace(TRAILING, '');
  const last = trimmed.at(-1);
  if (last === undefined) {
    return 'unknown';
  }
  const code = last.charCodeAt(0);
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) {
    const final = (code - HANGUL_FIRST) % 28;
    return final === 0 ? 'vowel' : final === RIEUL_FINAL ? 'rieul' : 'consonant';
  }
  if (last in DIGIT_ENDINGS) {
    return DIGIT_ENDINGS[last];
  }
  // An acronym is read letter by letter; a word in Latin letters (Lyon, Paris) is read in a way
  // its spelling does not tell, so it gets both forms.
  const acronym = /([A-Z]{2,})$/.exec(trimmed);
  if (acronym) {
    return LETTER_ENDINGS[last] ?? 'vowel';
  }
  return 'unknown';
}

/** The particle that agrees with `word`: josa('도시', '을/를') is '를'; unknown endings give '을(를)'. */
export function josa(word: string, particle: Josa): string {
  const forms = FORMS[particle];
  const ending = endingOf(word);
  switch (ending) {
    case 'vowel':
      return forms.vowel;
    case 'consonant':
      return forms.consonant;
    case 'rieul':
      return particle === '으로/로' ? forms.vowel : forms.consonant;
    case 'unknown':
      return particle.replace('/', '(') + ')';
  }
}

/** The word followed by its particle: withJosa('문화', '을/를') is '문화를'. */
export function withJosa(word: string, particle: Josa): string {
  return `${word}${josa(word, particle)}`;
}
