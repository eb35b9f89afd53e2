import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { ProblemCode, ProblemException } from '../../src/common/problem';
import { renderInstant } from '../../src/common/time';
import type { AppConfig } from '../../src/config/app-config';
import { loadCatalogues, translate } from '../../src/web/page-i18n';
import { DeskPages } from '../../src/web/desk/desk-pages.service';
import { refusalForm } from '../../src/web/desk/desk-refusals';
import { DeskText } from '../../src/web/desk/desk-text.service';
import { describeRefusal, fieldLabel } from '../../src/web/page-refusals';
import { PageRenderer } from '../../src/web/page-renderer.service';
import { sourceFiles } from '../support/source-files';

const SRC = join(__dirname, '..', '..', 'src');
const catalogues = loadCatalogues();
const renderer = new PageRenderer({ get: () => 'organisers@passerelle.test' } as unknown as AppConfig);
const [fr, ko, en] = (['fr', 'ko', 'en'] as const).map((locale) => renderer.messages(locale));
const context = { mailbox: 'organisers@passerelle.test' };

/** Every property and every constraint name of the API's DTOs, as class-validator holds them. */
async function dtoMetadata(): Promise<{ properties: Set<string>; constraints: Set<string> }> {
  const storage = getMetadataStorage();
  const properties = new Set<string>();
  const constraints = new Set<string>();
  for (const file of sourceFiles(SRC, /\.(dto|query)\.ts$|^pagination\.ts$/)) {
    for (const exported of Object.values((await import(file)) as Record<string, unknown>)) {
      if (typeof exported !== 'function') {
        continue;
      }
      for (const metadata of storage.getTargetValidationMetadatas(exported, '', true, false)) {
        properties.add(metadata.propertyName);
        if (metadata.type === 'customValidation') {
          constraints.add(storage.getTargetValidatorConstraints(metadata.constraintCls)[0].name);
        } else if (metadata.type !== 'conditionalValidation') {
          constraints.add(metadata.type);
        }
      }
    }
  }
  // Unknown fields are refused under this name (forbidNonWhitelisted).
  constraints.add('whitelistValidation');
  return { properties, constraints };
}

describe('Page messages', () => {
  describe('placeholders', () => {
    it('picks the plural the language asks for: 1 place restante, 2 places restantes, 0 place restante', () => {
      const seats = { key: '{count, plural, one {# place restante} other {# places restantes}}' };
      expect(translate(seats, 'key', { count: 1 }, 'fr')).toBe('1 place restante');
      expect(translate(seats, 'key', { count: 2 }, 'fr')).toBe('2 places restantes');
      expect(translate(seats, 'key', { count: 0 }, 'fr')).toBe('0 place restante');
      expect(translate({ key: '{count, plural, one {# seat left} other {# seats left}}' }, 'key', { count: 0 }, 'en')).toBe('0 seats left');
      expect(
        translate({ key: '{n, plural, =0 {nobody} one {# person, {who}} other {# people}}' }, 'key', { n: 1, who: 'Minji' }, 'en'),
      ).toBe('1 person, Minji');
      expect(translate({ key: '{n, plural, =0 {nobody} other {# people}}' }, 'key', { n: 0 }, 'en')).toBe('nobody');
    });

    it('puts the Korean particle that agrees with the name before it', () => {
      const nav = { key: '{organisation:을/를} 대표하고 있습니다.', removed: '{name:은/는} 더 이상 대표단이 아닙니다.' };
      expect(translate(nav, 'key', { organisation: '서초구' }, 'ko')).toBe('서초구를 대표하고 있습니다.');
      expect(translate(nav, 'key', { organisation: '전주시청' }, 'ko')).toBe('전주시청을 대표하고 있습니다.');
      expect(translate(nav, 'removed', { name: '김민지' }, 'ko')).toBe('김민지는 더 이상 대표단이 아닙니다.');
      expect(translate(nav, 'removed', { name: 'Samira Seddiki' }, 'ko')).toBe('Samira Seddiki은(는) 더 이상 대표단이 아닙니다.');
    });

    it('leaves a missing parameter as written and shows a missing message by its key', () => {
      expect(translate({ key: 'Bonjour {name}' }, 'key', {})).toBe('Bonjour {name}');
      expect(translate({}, 'nowhere.key')).toBe('nowhere.key');
    });

    it('writes no Korean particle in both forms after a name: the catalogue lets the name choose', () => {
      for (const [key, message] of Object.entries(catalogues.ko)) {
        expect(`${key}: ${message}`).not.toMatch(/\}(을\(를\)|를\(을\)|이\(가\)|은\(는\)|와\(과\)|\(으\)로)/);
      }
    });
  });

  describe('catalogue coverage', () => {
    it.each(Object.values(ProblemCode))('says %s in French, Korean and English', (code) => {
      for (const messages of [fr, ko, en]) {
        expect(messages.has(`refusal.${code}`)).toBe(true);
      }
    });

    it('names every field of the API’s DTOs in French, Korean and English', async () => {
      const missing = [...(await dtoMetadata()).properties].flatMap((property) =>
        [fr, ko, en].filter((messages) => !messages.has(`field.${property}`)).map((messages) => `${messages.locale}: field.${property}`),
      );
      expect(missing).toEqual([]);
    });

    it('says every rule a DTO or a service can name, in French, Korean and English', async () => {
      const named = sourceFiles(SRC, /\.ts$/).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/constraint: '(\w+)'/g)].map((match) => match[1]),
      );
      const rules = new Set([...(await dtoMetadata()).constraints, ...named]);
      expect(rules.size).toBeGreaterThan(20);
      const missing = [...rules].flatMap((rule) =>
        [fr, ko, en].filter((messages) => !messages.has(`validation.${rule}`)).map((messages) => `${messages.locale}: validation.${rule}`),
      );
      expect(missing).toEqual([]);
    });
  });

  describe('refusals in the reader’s words', () => {
    const dueAt = renderInstant(new Date('2025-03-15T17:00:00Z'), 'Europe/Paris');
    const deadlinePassed = new ProblemException(
      409,
      ProblemCode.DeadlinePassed,
      'The deadline "Délégation" passed on 2025-03-15T18:00 (Paris), 2025-03-16T02:00 (Seoul): ask the organisers.',
      {
        deadline: { id: 'd', kind: 'delegation', title: { fr: 'Composer la délégation', ko: '대표단 구성' }, dueAt },
      },
    );

    it('words a rule by the field it broke when the field has its own sentence (language codes typed as words)', () => {
      const refused = ProblemException.validation([
        { field: 'languages.1', message: 'languages must hold ISO 639-1 codes such as fr, ko, en', constraint: 'matches' },
        { field: 'name', message: 'name must not be blank', constraint: 'matches' },
      ]);
      const place = (field: string) => field.split('.')[0];
      expect(describeRefusal(refused, fr, { ...context, place }).fields).toEqual({
        languages: fr.t('validation.languages.matches'),
        name: fr.t('validation.matches'),
      });
      for (const messages of [fr, ko, en]) {
        const { fields } = describeRefusal(refused, messages, { ...context, place });
        expect(fields.languages).toMatch(/fr, ko, en/);
        expect(fields.languages).not.toBe(fields.name);
      }
    });

    it('words it so on the desk as well', () => {
      const refused = ProblemException.validation([
        { field: 'languages.1', message: 'languages must hold ISO 639-1 codes such as fr, ko, en', constraint: 'matches' },
        { field: 'name', message: 'name must not be blank', constraint: 'matches' },
      ]);
      for (const messages of [fr, ko, en]) {
        const { errors } = refusalForm(refused, {}, { names: ['languages', 'name'], map: { languages: 'languages' } }, messages);
        expect(errors).toEqual({ languages: messages.t('validation.languages.matches'), name: messages.t('validation.matches') });
      }
    });

    it('words a form’s own check on the desk by the field’s own sentence, nested or not, as the refusals do', () => {
      const desk = new DeskPages(renderer, new DeskText());
      for (const locale of ['fr', 'ko', 'en'] as const) {
        const localize = desk.constraint(locale);
        const phone = desk.t(locale, 'validation.phone.matches');
        expect(localize('matches', 'phone must match', 'phone')).toBe(phone);
        expect(localize('matches', 'phone must match', 'contact.phone')).toBe(phone);
        expect(localize('matches', 'phone must match', 'contacts.0.phone')).toBe(phone);
        // A rule without a sentence of the field's: the rule's own.
        expect(localize('isEmail', 'email must be an email', 'contact.email')).toBe(desk.t(locale, 'validation.isEmail'));
      }
    });

    it('names the passed deadline with its time in Paris and Seoul, and the organisers’ mailbox', () => {
      expect(describeRefusal(deadlinePassed, fr, context)).toEqual({
        fields: {},
        general:
          'L’échéance « Composer la délégation » est passée (2025-03-15 18:00, Paris · 2025-03-16 02:00, Séoul). Pour toute demande, écrivez aux organisateurs : organisers@passerelle.test.',
      });
      expect(describeRefusal(deadlinePassed, ko, context).general).toBe(
        '‘대표단 구성’ 마감이 지났습니다(2025-03-15 18:00 파리 · 2025-03-16 02:00 서울). 문의는 주최 측에 보내 주세요: organisers@passerelle.test.',
      );
    });

    it('names both sessions of a time clash in the reader’s language', () => {
      const clash = new ProblemException(
        409,
        ProblemCode.TimeClash,
        '"Visite du marché" overlaps "Visite du port", where this delegate already has a seat.',
        {
          sessions: [
            { id: 'a', title: 'Visite du marché' },
            { id: 'b', title: 'Visite du port' },
          ],
        },
      );
      const titles: Record<string, string> = { a: '시장 방문', b: '항구 방문' };
      expect(describeRefusal(clash, ko, { ...context, sessionTitle: (id) => titles[id] }).general).toBe(
        '‘시장 방문’ 일정이 이 대표가 이미 좌석을 가진 ‘항구 방문’ 일정과 겹칩니다. 먼저 그 좌석을 반납하세요.',
      );
    });

    it('puts field errors beside the form’s fields by their rule, and says the others above the form with the field’s name', () => {
      const invalid = ProblemException.validation([
        {
          field: 'answers.0b7c0a52-8c1e-4b8e-9a51-0d1f0c6a4e11',
          message: 'this question must be answered to confirm',
          constraint: 'requiredToConfirm',
        },
        { field: 'contact.email', message: 'email must be an email address' },
        { field: 'title.ko', message: 'title.ko must be shorter than or equal to 200 characters', constraint: 'maxLength' },
      ]);
      const refusal = describeRefusal(invalid, fr, {
        ...context,
        place: (field) => (field.startsWith('answers.') ? 'answer' : field === 'contact.email' ? 'email' : undefined),
      });
      expect(refusal).toEqual({
        fields: { answer: 'Répondez à cette question pour confirmer votre participation.', email: 'Cette valeur n’est pas acceptée.' },
        general: 'À corriger : « Titre (coréen) » : Ce texte est trop long.',
      });
    });

    it('says a conflict named on a field with the conflict’s own sentence', () => {
      const taken = ProblemException.conflict(
        ProblemCode.EmailTaken,
        'This organisation already has a contact with the email a@b.test.',
        'email',
      );
      expect(describeRefusal(taken, ko, { ...context, place: (field) => field }).fields).toEqual({
        email: '같은 기관의 다른 사람이 이미 이 이메일 주소를 사용하고 있습니다.',
      });
    });

    it('keeps a sentence the pages wrote for the reader, and never an English one', () => {
      const expired = new ProblemException(403, ProblemCode.Forbidden, renderer.t('ko', 'form.expired'));
      expect(describeRefusal(expired, ko, context).general).toBe(renderer.t('ko', 'form.expired'));
      const english = new ProblemException(
        403,
        ProblemCode.Forbidden,
        'A magic link gives access to your own organisation’s registration only.',
      );
      expect(describeRefusal(english, fr, context).general).toBe('Votre lien ou votre compte ne permet pas cette action.');
      expect(describeRefusal(english, ko, context).general).toBe('이 링크나 계정으로는 할 수 없는 작업입니다.');
    });

    it('says how long to wait when too many links were asked for, in minutes', () => {
      const limited = new ProblemException(429, ProblemCode.RateLimited, 'Too many attempts (magic links per email); try again in 61 s.', {
        retryAfterSeconds: 61,
      });
      expect(describeRefusal(limited, fr, context).general).toBe('Trop de demandes en peu de temps : réessayez dans 2 minutes.');
      expect(
        describeRefusal(
          {
            ...limited.extensions,
            status: 429,
            code: ProblemCode.RateLimited,
            detail: limited.detail,
            type: '',
            title: '',
            retryAfterSeconds: 30,
          },
          fr,
          context,
        ).general,
      ).toBe('Trop de demandes en peu de temps : réessayez dans 1 minute.');
    });

    it('tells a delegation that stepped back to register again', () => {
      const excused = new ProblemException(409, ProblemCode.Conflict, 'This registration is excused: register again.', {
        registrationStatus: 'excused',
      });
      expect(describeRefusal(excused, ko, context).general).toBe(renderer.t('ko', 'refusal.registrationExcused'));
    });

    it('gives a code it does not know a sentence of the reader’s by its status', () => {
      const future = { type: '', title: '', status: 400, code: 'SOMETHING_NEWER' as ProblemCode, detail: 'Too complex.' };
      expect(describeRefusal(future, fr, context).general).toBe(renderer.t('fr', 'error.400.text'));
    });

    it('names API fields as the reader does', () => {
      expect(fieldLabel('contact.email', fr)).toBe('Adresse électronique');
      expect(fieldLabel('title.ko', ko)).toBe('제목 (한국어)');
      expect(fieldLabel('themeIds.2', en)).toBe('Themes');
      expect(fieldLabel('hosts.0.organisationId', fr)).toBe('Collectivité');
      expect(fieldLabel('somethingNew', fr)).toBe('Un champ');
    });
  });
});
