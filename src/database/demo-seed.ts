import type { EntityManager } from '@mikro-orm/postgresql';
import type { LocalizedText } from '../common/locale';
import { Forum, type ForumStatus } from '../forums/forum.entity';
import { DateOption } from '../forums/date-option.entity';
import { Invitation } from '../forums/invitation.entity';
import { Theme } from '../forums/theme.entity';
import { User } from '../auth/user.entity';
import { Contact } from '../organisations/contact.entity';
import { Organisation, type OrganisationKind } from '../organisations/organisation.entity';
import { Partnership, type PartnershipKind } from '../organisations/partnership.entity';

interface DemoOrganisation {
  name: string;
  nameKo?: string;
  country: string;
  kind: OrganisationKind;
  population?: number;
  website?: string;
  defaultLocale?: 'fr' | 'ko' | 'en';
}

interface DemoForum {
  slug: string;
  editionNumber: number;
  title: LocalizedText;
  description: LocalizedText;
  hostCountry: string;
  timeZone: string;
  status: ForumStatus;
  startDate: string;
  endDate: string;
}

/** The bodies in the participant list of the 27 February 2024 meeting, and Seocho, named in it. */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { name: 'Cités Unies France', country: 'FR', kind: 'network', website: 'https://cites-unies-france.org' },
  { name: 'GAROK — Centre coréen des collectivités locales', nameKo: '대한민국시도지사협의회', country: 'KR', kind: 'association', defaultLocale: 'ko' },
  { name: "Ministère de l'Europe et des Affaires étrangères (MEAE)", country: 'FR', kind: 'ministry' },
  { name: 'Issy-les-Moulineaux', nameKo: '이시레물리노', country: 'FR', kind: 'commune', population: 68_000 },
  { name: 'Nantes Métropole', nameKo: '낭트 메트로폴', country: 'FR', kind: 'metropole', population: 680_000 },
  { name: 'Région Auvergne-Rhône-Alpes', nameKo: '오베르뉴론알프 레지옹', country: 'FR', kind: 'region', population: 8_100_000 },
  { name: 'Dijon', nameKo: '디종', country: 'FR', kind: 'commune', population: 160_000 },
  { name: 'Suippes', nameKo: '쉬프', country: 'FR', kind: 'commune', population: 4_000 },
  { name: 'Seocho-gu', nameKo: '서초구', country: 'KR', kind: 'district', population: 410_000, defaultLocale: 'ko' },
  // Partners named in the minutes of 7 July 2017.
  { name: 'Guro-gu', nameKo: '구로구', country: 'KR', kind: 'district', defaultLocale: 'ko' },
  { name: 'Métropole européenne de Lille', country: 'FR', kind: 'metropole' },
  { name: 'Daegu', nameKo: '대구광역시', country: 'KR', kind: 'metropolitan_city', defaultLocale: 'ko' },
  { name: 'Tours', country: 'FR', kind: 'commune' },
  { name: 'Suwon', nameKo: '수원시', country: 'KR', kind: 'special_city', defaultLocale: 'ko' },
  { name: 'Limoges', country: 'FR', kind: 'commune' },
  { name: 'Icheon', nameKo: '이천시', country: 'KR', kind: 'other', defaultLocale: 'ko' },
  { name: 'Suncheon', nameKo: '순천시', country: 'KR', kind: 'other', defaultLocale: 'ko' },
  { name: 'Région Île-de-France', country: 'FR', kind: 'region' },
  { name: 'Gyeonggi-do', nameKo: '경기도', country: 'KR', kind: 'province', defaultLocale: 'ko' },
  { name: 'Évian-les-Bains', country: 'FR', kind: 'commune' },
  { name: 'Muju-gun', nameKo: '무주군', country: 'KR', kind: 'county', defaultLocale: 'ko' },
  { name: 'Région Grand Est', country: 'FR', kind: 'region' },
  { name: 'Gyeongsangbuk-do', nameKo: '경상북도', country: 'KR', kind: 'province', defaultLocale: 'ko' },
  { name: 'Région Normandie', country: 'FR', kind: 'region' },
  { name: 'Incheon', nameKo: '인천광역시', country: 'KR', kind: 'metropolitan_city', defaultLocale: 'ko' },
];

interface DemoPartnership {
  a: string;
  b: string;
  kind: PartnershipKind;
  since?: string;
  themes: string[];
}

export const DEMO_PARTNERSHIPS: DemoPartnership[] = [
  { a: 'Issy-les-Moulineaux', b: 'Guro-gu', kind: 'twinning', since: '2005', themes: ['culture', 'jeunesse'] },
  { a: 'Métropole européenne de Lille', b: 'Daegu', kind: 'cooperation', themes: ['culture'] },
  { a: 'Tours', b: 'Suwon', kind: 'cooperation', themes: ['gastronomie', 'universités', 'culture'] },
  { a: 'Limoges', b: 'Icheon', kind: 'twinning', since: '2015', themes: ['céramique', 'culture'] },
  { a: 'Nantes Métropole', b: 'Suncheon', kind: 'cooperation', since: '2007', themes: ['espaces verts', 'culture', 'gastronomie', 'universités'] },
  { a: 'Région Île-de-France', b: 'Gyeonggi-do', kind: 'letter_of_intent', since: '2016', themes: ['développement économique', 'tourisme', 'culture'] },
  { a: 'Évian-les-Bains', b: 'Muju-gun', kind: 'friendship', themes: ['culture'] },
  { a: 'Région Grand Est', b: 'Gyeongsangbuk-do', kind: 'cooperation', since: '1999', themes: ['croissance verte', 'tourisme', 'culture'] },
  { a: 'Région Normandie', b: 'Incheon', kind: 'cooperation', since: '2016', themes: ['tourisme'] },
];

interface DemoContact {
  organisation: string;
  firstName: string;
  lastName: string;
  function?: string;
  locale?: 'fr' | 'ko' | 'en';
}

/** The participant list of 27 February 2024 (Organisme, Prénom, Nom), with the functions the minutes give. Demo addresses only. */
export const DEMO_CONTACTS: DemoContact[] = [
  { organisation: 'Cités Unies France', firstName: 'Virginie', lastName: 'Rouquette', function: 'Directrice générale' },
  { organisation: 'Cités Unies France', firstName: 'Inssafe', lastName: 'El Idrissi', function: 'Service international' },
  { organisation: 'GAROK — Centre coréen des collectivités locales', firstName: 'Joon Ho', lastName: 'Hong', function: 'Directeur général, GAROK France', locale: 'ko' },
  { organisation: 'GAROK — Centre coréen des collectivités locales', firstName: 'Hyoung Jin', lastName: 'Kim', function: 'Chargé de mission et responsable, GAROK France', locale: 'ko' },
  { organisation: 'GAROK — Centre coréen des collectivités locales', firstName: 'Jiae', lastName: 'Yang', locale: 'ko' },
  { organisation: 'Suippes', firstName: 'François', lastName: 'Collart' },
  { organisation: 'Suippes', firstName: 'Youssef', lastName: 'Koulli' },
  { organisation: 'Nantes Métropole', firstName: 'Louise', lastName: 'Coulon' },
  { organisation: 'Région Auvergne-Rhône-Alpes', firstName: 'Christina', lastName: 'Dabrowski', function: 'Assistante de partenariats, Direction des Relations internationales' },
  { organisation: 'Dijon', firstName: 'Bertrand', lastName: 'Fort' },
  { organisation: 'Issy-les-Moulineaux', firstName: 'Eric', lastName: 'Legale' },
  { organisation: 'Issy-les-Moulineaux', firstName: 'Ulrike', lastName: 'Maronnie' },
  {
    organisation: 'Issy-les-Moulineaux',
    firstName: 'Caroline',
    lastName: 'Millan',
    function: 'Présidente du groupe-pays Corée, Conseillère municipale déléguée au Tourisme, aux relations internationales et à la communication',
  },
  { organisation: 'Issy-les-Moulineaux', firstName: 'Samira', lastName: 'Seddiki' },
  { organisation: "Ministère de l'Europe et des Affaires étrangères (MEAE)", firstName: 'Morgane', lastName: 'Millon' },
];

/** Invited to the 2nd forum: the authorities present on 27 February 2024, and Seocho, on the programme. */
export const DEMO_INVITED_2024 = ['Suippes', 'Nantes Métropole', 'Région Auvergne-Rhône-Alpes', 'Dijon', 'Issy-les-Moulineaux', 'Seocho-gu'];

/** The two date options and four themes put to the members on 27 February 2024. */
export const DEMO_DATE_OPTIONS_2024 = [
  { startDate: '2024-09-24', endDate: '2024-09-26', preferred: true, note: 'Du mardi 24 au jeudi 26 septembre : après Chuseok' },
  { startDate: '2024-09-29', endDate: '2024-10-01', preferred: false, note: 'Du dimanche 29 septembre au mardi 1er octobre' },
];

export const DEMO_THEMES_2024: LocalizedText[] = [
  { fr: 'Intelligence artificielle et villes coréennes', ko: '인공지능과 한국 도시', en: 'Artificial intelligence and Korean cities' },
  { fr: 'Développement économique et attractivité territoriale', ko: '경제 발전과 지역 매력', en: 'Economic development and territorial attractiveness' },
  { fr: 'Culture, tourisme, gastronomie', ko: '문화, 관광, 미식', en: 'Culture, tourism, gastronomy' },
  { fr: 'Climat, énergie, eau et propreté', ko: '기후, 에너지, 물, 청결', en: 'Climate, energy, water and cleanliness' },
];

function demoEmail(contact: DemoContact): string {
  const slug = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${slug(contact.firstName)}.${slug(contact.lastName)}@${slug(contact.organisation).slice(0, 30)}.example`;
}

export const DEMO_FORUMS: DemoForum[] = [
  {
    slug: 'forum-franco-coreen-2023',
    editionNumber: 1,
    title: { fr: '1er Forum franco-coréen des collectivités territoriales', ko: '제1회 한불 지방정부 포럼', en: '1st Franco-Korean Forum of Local Authorities' },
    description: {
      fr: 'Innovation et attractivité du territoire. Échanges et visites à Issy-les-Moulineaux, en Auvergne-Rhône-Alpes, à Lyon et à Nice.',
      ko: '지역 혁신과 매력. 이시레물리노, 오베르뉴론알프, 리옹, 니스에서의 교류와 현장 방문.',
      en: 'Innovation and territorial attractiveness. Meetings and visits in Issy-les-Moulineaux, Auvergne-Rhône-Alpes, Lyon and Nice.',
    },
    hostCountry: 'FR',
    timeZone: 'Europe/Paris',
    status: 'archived',
    startDate: '2023-06-02',
    endDate: '2023-06-08',
  },
  {
    slug: 'forum-franco-coreen-2024',
    editionNumber: 2,
    title: { fr: '2e Forum franco-coréen des collectivités territoriales', ko: '제2회 한불 지방정부 포럼', en: '2nd Franco-Korean Forum of Local Authorities' },
    description: {
      fr: 'Diplomatie locale et attractivité territoriale, en Corée du Sud. Visites de terrain par thème : intelligence artificielle et villes coréennes ; développement économique et attractivité ; culture, tourisme, gastronomie ; climat, énergie, eau et propreté.',
      ko: '지방 외교와 지역 매력, 대한민국. 주제별 현장 방문: 인공지능과 한국 도시, 경제 발전과 지역 매력, 문화·관광·미식, 기후·에너지·물·청결.',
      en: 'Local diplomacy and territorial attractiveness, in South Korea. Field visits by theme: AI and Korean cities; economic development and attractiveness; culture, tourism, gastronomy; climate, energy, water and cleanliness.',
    },
    hostCountry: 'KR',
    timeZone: 'Asia/Seoul',
    status: 'published',
    startDate: '2024-09-24',
    endDate: '2024-09-26',
  },
];

/** The demo's organiser account (admin): sign in at /sign-in with this address. */
export const DEMO_ORGANISER_EMAIL = 'organisateur@cites-unies-france.example';

export interface SeedReport {
  usersCreated: number;
  organisationsCreated: number;
  forumsCreated: number;
  contactsCreated: number;
  partnershipsCreated: number;
  invitationsCreated: number;
}

/** Loads the demo data; running it again changes nothing (natural keys: slug, name and country, email, pair and kind). */
export async function seedDemo(em: EntityManager): Promise<SeedReport> {
  const report: SeedReport = { usersCreated: 0, organisationsCreated: 0, forumsCreated: 0, contactsCreated: 0, partnershipsCreated: 0, invitationsCreated: 0 };
  await em.transactional(async (tx) => {
    if (!(await tx.count(User, { email: DEMO_ORGANISER_EMAIL }))) {
      tx.persist(new User({ email: DEMO_ORGANISER_EMAIL, name: 'Groupe-pays Corée (démo)', role: 'admin' }));
      report.usersCreated += 1;
    }
    for (const demo of DEMO_ORGANISATIONS) {
      if (await tx.count(Organisation, { name: demo.name, country: demo.country })) {
        continue;
      }
      const organisation = new Organisation(demo);
      organisation.nameKo = demo.nameKo ?? null;
      organisation.population = demo.population ?? null;
      organisation.website = demo.website ?? null;
      organisation.defaultLocale = demo.defaultLocale ?? 'fr';
      tx.persist(organisation);
      report.organisationsCreated += 1;
    }
    for (const demo of DEMO_FORUMS) {
      if (await tx.count(Forum, { slug: demo.slug })) {
        continue;
      }
      const forum = new Forum(demo);
      forum.description = demo.description;
      forum.status = demo.status;
      forum.startDate = demo.startDate;
      forum.endDate = demo.endDate;
      tx.persist(forum);
      report.forumsCreated += 1;
    }
    await tx.flush();
    const byName = new Map((await tx.find(Organisation, { name: { $in: DEMO_ORGANISATIONS.map((o) => o.name) } })).map((o) => [o.name, o]));
    const organisation = (name: string) => byName.get(name) as Organisation;
    for (const demo of DEMO_CONTACTS) {
      const email = demoEmail(demo);
      if (await tx.count(Contact, { organisation: organisation(demo.organisation), email })) {
        continue;
      }
      const contact = new Contact({ organisation: organisation(demo.organisation), firstName: demo.firstName, lastName: demo.lastName, email });
      contact.function = demo.function ?? null;
      contact.locale = demo.locale ?? 'fr';
      tx.persist(contact);
      report.contactsCreated += 1;
    }
    for (const demo of DEMO_PARTNERSHIPS) {
      const [first, second] = [organisation(demo.a), organisation(demo.b)].sort((x, y) => (x.id < y.id ? -1 : 1));
      if (await tx.count(Partnership, { organisationA: first, organisationB: second, kind: demo.kind })) {
        continue;
      }
      const partnership = new Partnership({ organisationA: first, organisationB: second, kind: demo.kind });
      partnership.since = demo.since ?? null;
      partnership.themes = demo.themes;
      tx.persist(partnership);
      report.partnershipsCreated += 1;
    }
    const forum2024 = await tx.findOneOrFail(Forum, { slug: 'forum-franco-coreen-2024' });
    for (const name of DEMO_INVITED_2024) {
      if (await tx.count(Invitation, { forum: forum2024, organisation: organisation(name) })) {
        continue;
      }
      tx.persist(new Invitation({ forum: forum2024, organisation: organisation(name) }));
      report.invitationsCreated += 1;
    }
    for (const demo of DEMO_DATE_OPTIONS_2024) {
      if (!(await tx.count(DateOption, { forum: forum2024, startDate: demo.startDate, endDate: demo.endDate }))) {
        const option = new DateOption({ forum: forum2024, startDate: demo.startDate, endDate: demo.endDate });
        option.preferred = demo.preferred;
        option.note = demo.note;
        tx.persist(option);
      }
    }
    if (!(await tx.count(Theme, { forum: forum2024 }))) {
      DEMO_THEMES_2024.forEach((title, index) => tx.persist(new Theme({ forum: forum2024, title, position: index + 1 })));
    }
  });
  return report;
}
