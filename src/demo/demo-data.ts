import type { Locale, LocalizedText } from '../common/locale';
import type { DeadlineKind } from '../deadlines/deadline.entity';
import type { ForumStatus } from '../forums/forum.entity';
import type { OrganisationKind } from '../organisations/organisation.entity';
import type { PartnershipKind } from '../organisations/partnership.entity';
import type { HostRole, InterpretationMode, SessionKind } from '../programme/session.entity';
import type { DelegateRole, RegistrationStatus } from '../participation/registration.entity';

/*
 * The demo's content: the history the minutes tell (the 1st Forum in France in June 2023, the
 * 2nd in Korea in September 2024) and a 3rd edition still to come. Days and times are given
 * relative to each edition's first day, so the 3rd edition can be dated from the day the demo
 * first runs. demo-seed.ts loads it through the application's services.
 */

export interface DemoOrganisation {
  name: string;
  nameKo?: string;
  country: string;
  kind: OrganisationKind;
  population?: number;
  website?: string;
  defaultLocale?: Locale;
}

/** A session of a programme, on the edition's `day` (0: its first day), local times in its zone. */
export interface DemoSession {
  day: number;
  start: string;
  end: string;
  kind: SessionKind;
  title: LocalizedText;
  description?: LocalizedText;
  venueName: string;
  venueCity: string;
  venueAddress?: string;
  hosts: { organisation: string; role: HostRole }[];
  /** A field visit's seats. */
  capacity?: number;
  interpretation?: InterpretationMode;
  /** The position (1…) of the edition's theme it belongs to. */
  theme?: number;
  meetingPoint?: string;
}

export interface DemoForum {
  slug: string;
  editionNumber: number;
  title: LocalizedText;
  description: LocalizedText;
  hostCountry: string;
  timeZone: string;
  status: ForumStatus;
  /** First and last day; for the edition still to come, worked out from the day the demo first runs. */
  startDate: string;
  endDate: string;
  themes: LocalizedText[];
  invited: string[];
  sessions: DemoSession[];
}

/** The bodies in the participant list of the 27 February 2024 meeting, and Seocho, named in it. */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { name: 'Cités Unies France', country: 'FR', kind: 'network', website: 'https://cites-unies-france.org' },
  {
    name: 'GAROK — Centre coréen des collectivités locales',
    nameKo: '대한민국시도지사협의회',
    country: 'KR',
    kind: 'association',
    defaultLocale: 'ko',
  },
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
  // Hosts of the 1st Forum's visits (minutes of 27 February 2024) and of the 2nd Forum's.
  { name: 'Métropole de Lyon', nameKo: '리옹 메트로폴', country: 'FR', kind: 'metropole', population: 1_400_000 },
  { name: 'Nice', nameKo: '니스', country: 'FR', kind: 'commune', population: 350_000 },
  { name: 'Séoul', nameKo: '서울특별시', country: 'KR', kind: 'special_city', population: 9_400_000, defaultLocale: 'ko' },
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
  {
    a: 'Nantes Métropole',
    b: 'Suncheon',
    kind: 'cooperation',
    since: '2007',
    themes: ['espaces verts', 'culture', 'gastronomie', 'universités'],
  },
  {
    a: 'Région Île-de-France',
    b: 'Gyeonggi-do',
    kind: 'letter_of_intent',
    since: '2016',
    themes: ['développement économique', 'tourisme', 'culture'],
  },
  { a: 'Évian-les-Bains', b: 'Muju-gun', kind: 'friendship', themes: ['culture'] },
  { a: 'Région Grand Est', b: 'Gyeongsangbuk-do', kind: 'cooperation', since: '1999', themes: ['croissance verte', 'tourisme', 'culture'] },
  { a: 'Région Normandie', b: 'Incheon', kind: 'cooperation', since: '2016', themes: ['tourisme'] },
];

export interface DemoContact {
  organisation: string;
  firstName: string;
  lastName: string;
  function?: string;
  locale?: Locale;
  /** Given when the name cannot make one (a name in Hangul). */
  email?: string;
}

/** The participant list of 27 February 2024 (Organisme, Prénom, Nom), with the functions the minutes give. Demo addresses only. */
export const DEMO_CONTACTS: DemoContact[] = [
  { organisation: 'Cités Unies France', firstName: 'Virginie', lastName: 'Rouquette', function: 'Directrice générale' },
  { organisation: 'Cités Unies France', firstName: 'Inssafe', lastName: 'El Idrissi', function: 'Service international' },
  {
    organisation: 'GAROK — Centre coréen des collectivités locales',
    firstName: 'Joon Ho',
    lastName: 'Hong',
    function: 'Directeur général, GAROK France',
    locale: 'ko',
  },
  {
    organisation: 'GAROK — Centre coréen des collectivités locales',
    firstName: 'Hyoung Jin',
    lastName: 'Kim',
    function: 'Chargé de mission et responsable, GAROK France',
    locale: 'ko',
  },
  { organisation: 'GAROK — Centre coréen des collectivités locales', firstName: 'Jiae', lastName: 'Yang', locale: 'ko' },
  { organisation: 'Suippes', firstName: 'François', lastName: 'Collart' },
  { organisation: 'Suippes', firstName: 'Youssef', lastName: 'Koulli' },
  { organisation: 'Nantes Métropole', firstName: 'Louise', lastName: 'Coulon' },
  {
    organisation: 'Région Auvergne-Rhône-Alpes',
    firstName: 'Christina',
    lastName: 'Dabrowski',
    function: 'Assistante de partenariats, Direction des Relations internationales',
  },
  { organisation: 'Dijon', firstName: 'Bertrand', lastName: 'Fort' },
  { organisation: 'Issy-les-Moulineaux', firstName: 'Eric', lastName: 'Legale' },
  { organisation: 'Issy-les-Moulineaux', firstName: 'Ulrike', lastName: 'Maronnie' },
  {
    organisation: 'Issy-les-Moulineaux',
    firstName: 'Caroline',
    lastName: 'Millan',
    function:
      'Présidente du groupe-pays Corée, Conseillère municipale déléguée au Tourisme, aux relations internationales et à la communication',
  },
  { organisation: 'Issy-les-Moulineaux', firstName: 'Samira', lastName: 'Seddiki' },
  { organisation: "Ministère de l'Europe et des Affaires étrangères (MEAE)", firstName: 'Morgane', lastName: 'Millon' },
  // Demo people of the Korean authorities taking part in the 3rd Forum (names made up).
  {
    organisation: 'Seocho-gu',
    firstName: '민지',
    lastName: '김',
    email: 'minji.kim@seocho-gu.example',
    function: '국제협력팀장',
    locale: 'ko',
  },
  { organisation: 'Seocho-gu', firstName: '준호', lastName: '이', email: 'junho.lee@seocho-gu.example', function: '구의원', locale: 'ko' },
  {
    organisation: 'Seocho-gu',
    firstName: '서연',
    lastName: '박',
    email: 'seoyeon.park@seocho-gu.example',
    function: '통역 담당',
    locale: 'ko',
  },
  {
    organisation: 'Suncheon',
    firstName: '지훈',
    lastName: '최',
    email: 'jihoon.choi@suncheon.example',
    function: '생태정원과장',
    locale: 'ko',
  },
  { organisation: 'Suncheon', firstName: '하은', lastName: '정', email: 'haeun.jung@suncheon.example', locale: 'ko' },
  { organisation: 'Suwon', firstName: '도윤', lastName: '강', email: 'doyun.kang@suwon.example', function: '관광정책관', locale: 'ko' },
  { organisation: 'Guro-gu', firstName: '수빈', lastName: '윤', email: 'subin.yoon@guro-gu.example', locale: 'ko' },
  { organisation: 'Incheon', firstName: '예준', lastName: '한', email: 'yejun.han@incheon.example', function: '국제교류과', locale: 'ko' },
  { organisation: 'Nantes Métropole', firstName: 'Paul', lastName: 'Guérin', function: 'Chargé de mission Asie' },
  { organisation: 'Tours', firstName: 'Claire', lastName: 'Bernard', function: 'Relations internationales' },
];

/** Invited to the 2nd Forum: the authorities present on 27 February 2024, and Seocho, on the programme. */
export const DEMO_INVITED_2024 = [
  'Suippes',
  'Nantes Métropole',
  'Région Auvergne-Rhône-Alpes',
  'Dijon',
  'Issy-les-Moulineaux',
  'Seocho-gu',
];

/** The two date options put to the members on 27 February 2024 (and the four themes below). */
export const DEMO_DATE_OPTIONS_2024 = [
  { startDate: '2024-09-24', endDate: '2024-09-26', preferred: true, note: 'Du mardi 24 au jeudi 26 septembre : après Chuseok' },
  { startDate: '2024-09-29', endDate: '2024-10-01', preferred: false, note: 'Du dimanche 29 septembre au mardi 1er octobre' },
];

/** The demo's organiser account (admin): sign in at /sign-in with this address. */
export const DEMO_ORGANISER_EMAIL = 'organisateur@cites-unies-france.example';

/** Demo addresses only (the .example domain), ASCII as the validator asks. */
export function demoEmail(contact: DemoContact): string {
  if (contact.email) {
    return contact.email;
  }
  const slug = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${slug(contact.firstName)}.${slug(contact.lastName)}@${slug(contact.organisation).slice(0, 30)}.example`;
}

export const DEMO_THEMES_2024: LocalizedText[] = [
  { fr: 'Intelligence artificielle et villes coréennes', ko: '인공지능과 한국 도시', en: 'Artificial intelligence and Korean cities' },
  {
    fr: 'Développement économique et attractivité territoriale',
    ko: '경제 발전과 지역 매력',
    en: 'Economic development and territorial attractiveness',
  },
  { fr: 'Culture, tourisme, gastronomie', ko: '문화, 관광, 미식', en: 'Culture, tourism, gastronomy' },
  { fr: 'Climat, énergie, eau et propreté', ko: '기후, 에너지, 물, 청결', en: 'Climate, energy, water and cleanliness' },
];

const CUF = 'Cités Unies France';
const GAROK = 'GAROK — Centre coréen des collectivités locales';
const MEAE = "Ministère de l'Europe et des Affaires étrangères (MEAE)";

/** The 1st Forum, 2–8 June 2023 in France, "Innovation et attractivité du territoire", as recalled on 27 February 2024. */
const FORUM_2023: DemoForum = {
  slug: 'forum-franco-coreen-2023',
  editionNumber: 1,
  title: {
    fr: '1er Forum franco-coréen des collectivités territoriales',
    ko: '제1회 한불 지방정부 포럼',
    en: '1st Franco-Korean Forum of Local Authorities',
  },
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
  themes: [],
  invited: ['Issy-les-Moulineaux', 'Région Auvergne-Rhône-Alpes', 'Métropole de Lyon', 'Nice', 'Seocho-gu', 'Guro-gu', 'Suwon'],
  sessions: [
    {
      day: 0,
      start: '10:00',
      end: '12:00',
      kind: 'seminar',
      title: {
        fr: 'Ouverture : innovation et attractivité du territoire',
        ko: '개막: 지역 혁신과 매력',
        en: 'Opening: innovation and territorial attractiveness',
      },
      venueName: 'Hôtel de ville d’Issy-les-Moulineaux',
      venueCity: 'Issy-les-Moulineaux',
      hosts: [
        { organisation: 'Issy-les-Moulineaux', role: 'host' },
        { organisation: GAROK, role: 'co_host' },
        { organisation: CUF, role: 'co_host' },
      ],
      interpretation: 'consecutive',
    },
    {
      day: 0,
      start: '14:00',
      end: '17:00',
      kind: 'field_visit',
      title: {
        fr: 'Visite des éco-quartiers du Cœur de ville et du Fort d’Issy',
        ko: '이시 도심과 요새 생태지구 방문',
        en: 'Visit of the Cœur de ville and Fort d’Issy eco-districts',
      },
      description: {
        fr: 'Gestion moderne des déchets et domotique inspirée d’un voyage en Corée.',
        ko: '현대적 폐기물 관리와 한국 방문에서 영감을 얻은 홈 자동화.',
      },
      venueName: 'Fort d’Issy',
      venueCity: 'Issy-les-Moulineaux',
      hosts: [{ organisation: 'Issy-les-Moulineaux', role: 'host' }],
      capacity: 30,
      interpretation: 'whispered',
    },
    {
      day: 3,
      start: '10:00',
      end: '16:00',
      kind: 'field_visit',
      title: {
        fr: 'Visite du campus numérique de la Région : École 42 et Centre numérique',
        ko: '지역 디지털 캠퍼스 방문: 에콜 42와 디지털 센터',
        en: 'The Region’s digital campus: École 42 and the digital centre',
      },
      venueName: 'Campus numérique Auvergne-Rhône-Alpes',
      venueCity: 'Lyon',
      hosts: [{ organisation: 'Région Auvergne-Rhône-Alpes', role: 'host' }],
      capacity: 30,
      interpretation: 'consecutive',
    },
    {
      day: 4,
      start: '09:30',
      end: '16:30',
      kind: 'field_visit',
      title: {
        fr: 'Visite de la Mission Carré de Soie et du Grand Plateau, avec le Grand Lyon',
        ko: '그랑 리옹과 함께하는 카레 드 수아 및 그랑 플라토 방문',
        en: 'Carré de Soie and Grand Plateau, with Greater Lyon',
      },
      venueName: 'Carré de Soie',
      venueCity: 'Vaulx-en-Velin',
      hosts: [{ organisation: 'Métropole de Lyon', role: 'host' }],
      capacity: 30,
      interpretation: 'consecutive',
    },
    {
      day: 6,
      start: '10:00',
      end: '12:00',
      kind: 'meeting',
      title: { fr: 'Réunion tourisme et industrie', ko: '관광·산업 회의', en: 'Tourism and industry meeting' },
      venueName: 'Hôtel de ville de Nice',
      venueCity: 'Nice',
      hosts: [{ organisation: 'Nice', role: 'host' }],
      interpretation: 'consecutive',
    },
    {
      day: 6,
      start: '14:00',
      end: '16:00',
      kind: 'field_visit',
      title: {
        fr: 'Visite du Centre de supervision urbain de Nice',
        ko: '니스 도시통합관제센터 방문',
        en: 'Nice urban supervision centre',
      },
      venueName: 'Centre de supervision urbain',
      venueCity: 'Nice',
      hosts: [{ organisation: 'Nice', role: 'host' }],
      capacity: 25,
      interpretation: 'whispered',
    },
  ],
};

/** The 2nd Forum, 24–26 September 2024 in Korea: the programme GAROK proposed on 27 February 2024. */
const FORUM_2024: DemoForum = {
  slug: 'forum-franco-coreen-2024',
  editionNumber: 2,
  title: {
    fr: '2e Forum franco-coréen des collectivités territoriales',
    ko: '제2회 한불 지방정부 포럼',
    en: '2nd Franco-Korean Forum of Local Authorities',
  },
  description: {
    fr: 'Diplomatie locale et attractivité territoriale, en Corée du Sud. Visites de terrain par thème : intelligence artificielle et villes coréennes ; développement économique et attractivité ; culture, tourisme, gastronomie ; climat, énergie, eau et propreté.',
    ko: '지방 외교와 지역 매력, 대한민국. 주제별 현장 방문: 인공지능과 한국 도시, 경제 발전과 지역 매력, 문화·관광·미식, 기후·에너지·물·청결.',
    en: 'Local diplomacy and territorial attractiveness, in South Korea. Field visits by theme: AI and Korean cities; economic development and attractiveness; culture, tourism, gastronomy; climate, energy, water and cleanliness.',
  },
  hostCountry: 'KR',
  timeZone: 'Asia/Seoul',
  status: 'archived',
  startDate: '2024-09-24',
  endDate: '2024-09-26',
  themes: DEMO_THEMES_2024,
  invited: DEMO_INVITED_2024,
  sessions: [
    {
      day: 0,
      start: '10:00',
      end: '11:00',
      kind: 'plenary',
      title: {
        fr: 'Accueil par le secrétaire général de GAROK Séoul',
        ko: '대한민국시도지사협의회 사무총장 환영사',
        en: 'Welcome by the secretary general of GAROK Seoul',
      },
      venueName: 'GAROK, Séoul',
      venueCity: 'Séoul',
      hosts: [{ organisation: GAROK, role: 'host' }],
      interpretation: 'consecutive',
    },
    {
      day: 0,
      start: '14:30',
      end: '16:00',
      kind: 'meeting',
      title: {
        fr: 'Rencontre avec l’ambassade de France en Corée',
        ko: '주한 프랑스 대사관 방문',
        en: 'Meeting at the French embassy in Korea',
      },
      venueName: 'Ambassade de France en Corée',
      venueCity: 'Séoul',
      hosts: [
        { organisation: MEAE, role: 'host' },
        { organisation: CUF, role: 'co_host' },
      ],
    },
    {
      day: 1,
      start: '09:30',
      end: '12:30',
      kind: 'seminar',
      title: {
        fr: 'Séminaire franco-coréen des initiatives locales : « diplomatie locale et attractivité territoriale »',
        ko: '한불 지방정부 정책 세미나: 「지방 외교와 지역 매력」',
        en: 'Franco-Korean seminar of local initiatives: local diplomacy and territorial attractiveness',
      },
      venueName: 'GAROK, Séoul',
      venueCity: 'Séoul',
      hosts: [
        { organisation: GAROK, role: 'host' },
        { organisation: CUF, role: 'co_host' },
        { organisation: 'Issy-les-Moulineaux', role: 'speaker' },
        { organisation: 'Seocho-gu', role: 'speaker' },
      ],
      interpretation: 'simultaneous',
    },
    {
      day: 1,
      start: '14:30',
      end: '17:30',
      kind: 'field_visit',
      title: {
        fr: 'Visite de Seocho, présidente du groupe-pays France des collectivités coréennes',
        ko: '서초구 방문 (프랑스 협의체 의장 도시)',
        en: 'Visit of Seocho, chair of the Korean authorities’ France group',
      },
      venueName: 'Mairie de Seocho-gu',
      venueCity: 'Séoul',
      hosts: [{ organisation: 'Seocho-gu', role: 'host' }],
      capacity: 40,
      interpretation: 'consecutive',
    },
    ...(
      [
        ['Intelligence artificielle et villes coréennes', '인공지능과 한국 도시', 'Séoul', 'Centre de données urbaines de Séoul', 1],
        ['Développement économique et attractivité territoriale', '경제 발전과 지역 매력', 'Gyeonggi-do', 'Pangyo Techno Valley', 2],
        ['Culture, tourisme, gastronomie', '문화, 관광, 미식', 'Suwon', 'Forteresse Hwaseong', 3],
        [
          'Climat, énergie, eau et propreté : le compostage en Corée',
          '기후, 에너지, 물, 청결: 한국의 퇴비화',
          'Seocho-gu',
          'Centre de recyclage de Seocho',
          4,
        ],
      ] as const
    ).map(([fr, ko, host, venue, theme]): DemoSession => ({
      day: 2,
      start: '09:30',
      end: '16:00',
      kind: 'field_visit',
      title: { fr: `Visite de terrain : ${fr}`, ko: `현장 방문: ${ko}` },
      venueName: venue,
      venueCity: host === 'Suwon' ? 'Suwon' : host === 'Gyeonggi-do' ? 'Seongnam' : 'Séoul',
      hosts: [{ organisation: host, role: 'host' }],
      capacity: 15,
      interpretation: 'consecutive',
      theme,
    })),
  ],
};

export const DEMO_THEMES_2026: LocalizedText[] = [
  { fr: 'Villes intelligentes et données publiques', ko: '스마트시티와 공공 데이터', en: 'Smart cities and public data' },
  {
    fr: 'Transition écologique : énergie, eau, espaces verts',
    ko: '생태 전환: 에너지, 물, 녹지',
    en: 'Ecological transition: energy, water, green spaces',
  },
  { fr: 'Culture, tourisme, gastronomie', ko: '문화, 관광, 미식', en: 'Culture, tourism, gastronomy' },
  { fr: 'Jeunesse et échanges universitaires', ko: '청년과 대학 교류', en: 'Youth and university exchanges' },
];

/** The 3rd edition, in France: invited, and (with the date poll, registrations and deadlines) the live part of the demo. */
export const DEMO_INVITED_NEXT = [
  'Issy-les-Moulineaux',
  'Nantes Métropole',
  'Région Auvergne-Rhône-Alpes',
  'Dijon',
  'Suippes',
  'Tours',
  'Seocho-gu',
  'Suncheon',
  'Suwon',
  'Guro-gu',
];

/** Invited a minute or two after the demo starts, so the invitation reaches the email page while one looks. */
export const DEMO_INVITED_LIVE = 'Incheon';

export const DEMO_NEXT_SLUG = 'forum-franco-coreen-3';
export const DEMO_FULL_VISIT = 'Visite : l’éco-quartier du Fort d’Issy et sa collecte pneumatique des déchets';

/** The 3rd Forum: Issy-les-Moulineaux on the first day, Nantes on the next two. */
export function nextForum(dates: { startDate: string; endDate: string }): DemoForum {
  const issy = {
    venueName: 'Hôtel de ville d’Issy-les-Moulineaux',
    venueCity: 'Issy-les-Moulineaux',
    venueAddress: '62 rue du Général Leclerc, 92130 Issy-les-Moulineaux',
  };
  const nantes = { venueName: 'Cité des congrès de Nantes', venueCity: 'Nantes', venueAddress: '5 rue de Valmy, 44000 Nantes' };
  return {
    slug: DEMO_NEXT_SLUG,
    editionNumber: 3,
    title: {
      fr: '3e Forum franco-coréen des collectivités territoriales',
      ko: '제3회 한불 지방정부 포럼',
      en: '3rd Franco-Korean Forum of Local Authorities',
    },
    description: {
      fr: 'Retour en France : villes intelligentes, transition écologique, culture et jeunesse. Une journée à Issy-les-Moulineaux, deux à Nantes, des visites de terrain au choix.',
      ko: '다시 프랑스에서: 스마트시티, 생태 전환, 문화와 청년. 이시레물리노에서 하루, 낭트에서 이틀, 선택형 현장 방문.',
      en: 'Back in France: smart cities, ecological transition, culture and youth. One day in Issy-les-Moulineaux, two in Nantes, field visits by choice.',
    },
    hostCountry: 'FR',
    timeZone: 'Europe/Paris',
    status: 'published',
    ...dates,
    themes: DEMO_THEMES_2026,
    invited: DEMO_INVITED_NEXT,
    sessions: [
      {
        day: 0,
        start: '09:30',
        end: '10:30',
        kind: 'plenary',
        title: { fr: 'Ouverture du 3e Forum', ko: '제3회 포럼 개막식', en: 'Opening of the 3rd Forum' },
        description: {
          fr: 'Mots d’accueil de la Ville d’Issy-les-Moulineaux, de Cités Unies France et de GAROK.',
          ko: '이시레물리노시, 프랑스 지방정부 연합(CUF), 대한민국시도지사협의회 환영사.',
        },
        ...issy,
        hosts: [
          { organisation: 'Issy-les-Moulineaux', role: 'host' },
          { organisation: CUF, role: 'co_host' },
          { organisation: GAROK, role: 'co_host' },
        ],
        interpretation: 'simultaneous',
      },
      {
        day: 0,
        start: '10:45',
        end: '12:30',
        kind: 'seminar',
        title: {
          fr: 'Séminaire : villes intelligentes et données publiques',
          ko: '세미나: 스마트시티와 공공 데이터',
          en: 'Seminar: smart cities and public data',
        },
        ...issy,
        venueName: 'Salle du conseil, Hôtel de ville d’Issy-les-Moulineaux',
        hosts: [
          { organisation: 'Issy-les-Moulineaux', role: 'host' },
          { organisation: 'Seocho-gu', role: 'co_host' },
          { organisation: 'Région Auvergne-Rhône-Alpes', role: 'speaker' },
        ],
        interpretation: 'simultaneous',
        theme: 1,
      },
      {
        day: 0,
        start: '12:30',
        end: '14:00',
        kind: 'meal',
        title: { fr: 'Déjeuner d’accueil', ko: '환영 오찬', en: 'Welcome lunch' },
        ...issy,
        venueName: 'Salons de l’Hôtel de ville d’Issy-les-Moulineaux',
        hosts: [{ organisation: 'Issy-les-Moulineaux', role: 'host' }],
      },
      {
        day: 0,
        start: '14:30',
        end: '17:00',
        kind: 'field_visit',
        title: {
          fr: DEMO_FULL_VISIT,
          ko: '현장 방문: 이시 요새 생태지구와 진공 폐기물 수거 시스템',
          en: 'Field visit: the Fort d’Issy eco-district and its pneumatic waste collection',
        },
        venueName: 'Fort d’Issy',
        venueCity: 'Issy-les-Moulineaux',
        meetingPoint: 'Parvis de l’Hôtel de ville, 14 h 15',
        hosts: [{ organisation: 'Issy-les-Moulineaux', role: 'host' }],
        capacity: 4,
        interpretation: 'whispered',
        theme: 2,
      },
      {
        day: 1,
        start: '09:30',
        end: '12:00',
        kind: 'workshop',
        title: {
          fr: 'Atelier : transition énergétique, eau et jardins',
          ko: '워크숍: 에너지 전환, 물, 정원',
          en: 'Workshop: energy transition, water and gardens',
        },
        ...nantes,
        venueName: 'Cité des congrès de Nantes, salle 200',
        hosts: [
          { organisation: 'Nantes Métropole', role: 'host' },
          { organisation: 'Suncheon', role: 'co_host' },
        ],
        interpretation: 'consecutive',
        theme: 2,
      },
      {
        day: 1,
        start: '09:30',
        end: '12:00',
        kind: 'workshop',
        title: {
          fr: 'Atelier : tourisme, culture et gastronomie',
          ko: '워크숍: 관광, 문화, 미식',
          en: 'Workshop: tourism, culture and gastronomy',
        },
        ...nantes,
        venueName: 'Cité des congrès de Nantes, salle 300',
        hosts: [
          { organisation: 'Dijon', role: 'host' },
          { organisation: 'Suwon', role: 'co_host' },
        ],
        interpretation: 'consecutive',
        theme: 3,
      },
      {
        day: 1,
        start: '14:00',
        end: '17:00',
        kind: 'field_visit',
        title: {
          fr: 'Visite : le Jardin des plantes et les espaces verts de Nantes',
          ko: '현장 방문: 낭트 식물원과 녹지',
          en: 'Field visit: the Jardin des plantes and Nantes’s green spaces',
        },
        venueName: 'Jardin des plantes de Nantes',
        venueCity: 'Nantes',
        meetingPoint: 'Entrée de la gare, 13 h 45',
        hosts: [
          { organisation: 'Nantes Métropole', role: 'host' },
          { organisation: 'Suncheon', role: 'co_host' },
        ],
        capacity: 8,
        interpretation: 'whispered',
        theme: 2,
      },
      {
        day: 1,
        start: '14:00',
        end: '17:00',
        kind: 'field_visit',
        title: {
          fr: 'Visite : l’île de Nantes, quartier de la création',
          ko: '현장 방문: 낭트섬 창작 지구',
          en: 'Field visit: the Île de Nantes creative district',
        },
        venueName: 'Les Machines de l’île',
        venueCity: 'Nantes',
        meetingPoint: 'Parvis des Machines de l’île, 13 h 50',
        hosts: [{ organisation: 'Nantes Métropole', role: 'host' }],
        capacity: 6,
        interpretation: 'whispered',
        theme: 3,
      },
      {
        day: 1,
        start: '19:00',
        end: '21:00',
        kind: 'reception',
        title: { fr: 'Réception à l’Hôtel de ville de Nantes', ko: '낭트 시청 리셉션', en: 'Reception at Nantes City Hall' },
        venueName: 'Hôtel de ville de Nantes',
        venueCity: 'Nantes',
        venueAddress: '2 rue de l’Hôtel de ville, 44000 Nantes',
        hosts: [
          { organisation: 'Nantes Métropole', role: 'host' },
          { organisation: 'Suncheon', role: 'co_host' },
        ],
        interpretation: 'consecutive',
      },
      {
        day: 2,
        start: '09:30',
        end: '11:30',
        kind: 'round_table',
        title: {
          fr: 'Table ronde : jeunesse et échanges universitaires',
          ko: '원탁회의: 청년과 대학 교류',
          en: 'Round table: youth and university exchanges',
        },
        ...nantes,
        venueName: 'Cité des congrès de Nantes, salle 200',
        hosts: [
          { organisation: 'Tours', role: 'host' },
          { organisation: 'Guro-gu', role: 'co_host' },
          { organisation: 'Suippes', role: 'speaker' },
        ],
        interpretation: 'simultaneous',
        theme: 4,
      },
      {
        day: 2,
        start: '12:00',
        end: '13:00',
        kind: 'plenary',
        title: {
          fr: 'Clôture : vers le 4e Forum, en Corée',
          ko: '폐회: 한국에서 열릴 제4회 포럼을 향하여',
          en: 'Closing: towards the 4th Forum, in Korea',
        },
        ...nantes,
        venueName: 'Cité des congrès de Nantes, auditorium',
        hosts: [
          { organisation: CUF, role: 'host' },
          { organisation: GAROK, role: 'co_host' },
        ],
        interpretation: 'simultaneous',
      },
    ],
  };
}

export const DEMO_FORUMS_PAST: DemoForum[] = [FORUM_2023, FORUM_2024];

/**
 * A Tuesday about five months after `today` (a local date), and the Thursday after: the 3rd
 * Forum's days, a week later while `free` says they meet a public holiday (of either country).
 */
export function nextForumDates(
  today: string,
  free: (startDate: string, endDate: string) => boolean = () => true,
): { startDate: string; endDate: string } {
  const day = new Date(`${today}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 150);
  day.setUTCDate(day.getUTCDate() + ((2 - day.getUTCDay() + 7) % 7));
  const span = (weeks: number) => {
    const start = new Date(day.getTime() + weeks * 7 * 24 * 3600_000);
    const end = new Date(start.getTime() + 2 * 24 * 3600_000);
    return { startDate: start.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10) };
  };
  for (let weeks = 0; weeks < 6; weeks += 1) {
    const dates = span(weeks);
    if (free(dates.startDate, dates.endDate)) {
      return dates;
    }
  }
  return span(0);
}

/** A registration to the 3rd Forum, as its authority would fill it in. */
export interface DemoRegistration {
  organisation: string;
  status: RegistrationStatus;
  /** Positions (1…) of the themes, most wanted first. */
  themes?: number[];
  notes?: string;
  delegates: {
    /** The contact's email (demoEmail). */
    lastName: string;
    role: DelegateRole;
    needsInterpretation?: boolean;
    dietaryNotes?: string;
    accessNotes?: string;
    /** Field visits asked for, by French title, in order. */
    visits?: string[];
  }[];
  hostOffer?: { visitors: number; description: string; themes: number[]; daysAfter: [number, number] };
}

const NANTES_GARDENS = 'Visite : le Jardin des plantes et les espaces verts de Nantes';
const ILE_DE_NANTES = 'Visite : l’île de Nantes, quartier de la création';

/**
 * In this order the Fort d'Issy (4 seats) fills with Seocho's and Suncheon's delegates, and
 * Suwon's and Dijon's wait in line. Nantes Métropole's delegates have chosen no visit yet: the
 * visit-choice reminder goes to them.
 */
export const DEMO_REGISTRATIONS: DemoRegistration[] = [
  {
    organisation: 'Seocho-gu',
    status: 'confirmed',
    themes: [1, 2],
    notes: '통역 필요: 프랑스어-한국어',
    delegates: [
      {
        lastName: '이',
        role: 'elected_official',
        needsInterpretation: true,
        dietaryNotes: '돼지고기 제외 (no pork)',
        visits: [DEMO_FULL_VISIT, NANTES_GARDENS],
      },
      { lastName: '김', role: 'staff', needsInterpretation: true, visits: [DEMO_FULL_VISIT, NANTES_GARDENS] },
      {
        lastName: '박',
        role: 'staff',
        accessNotes: 'Fauteuil roulant : accès de plain-pied et véhicule adapté pour les visites',
        visits: [DEMO_FULL_VISIT, ILE_DE_NANTES],
      },
    ],
  },
  {
    organisation: 'Suncheon',
    status: 'confirmed',
    themes: [2, 3],
    delegates: [
      { lastName: '최', role: 'staff', needsInterpretation: true, visits: [DEMO_FULL_VISIT, NANTES_GARDENS] },
      { lastName: '정', role: 'other', dietaryNotes: 'Végétarienne', visits: [ILE_DE_NANTES] },
    ],
  },
  {
    organisation: 'Suwon',
    status: 'interested',
    themes: [3],
    delegates: [{ lastName: '강', role: 'elected_official', needsInterpretation: true, visits: [DEMO_FULL_VISIT, ILE_DE_NANTES] }],
  },
  {
    organisation: 'Dijon',
    status: 'confirmed',
    themes: [3, 2],
    delegates: [{ lastName: 'Fort', role: 'elected_official', dietaryNotes: 'Sans gluten', visits: [DEMO_FULL_VISIT, ILE_DE_NANTES] }],
    hostOffer: {
      visitors: 8,
      description:
        'Dijon reçoit une délégation coréenne le lendemain du Forum : Cité internationale de la gastronomie et du vin, climats du vignoble, marché des Halles.',
      themes: [3],
      daysAfter: [1, 3],
    },
  },
  {
    organisation: 'Issy-les-Moulineaux',
    status: 'confirmed',
    themes: [1, 2, 4],
    notes: 'Ville hôte de la première journée.',
    delegates: [
      { lastName: 'Millan', role: 'elected_official', visits: [NANTES_GARDENS] },
      { lastName: 'Legale', role: 'staff', visits: [ILE_DE_NANTES] },
    ],
  },
  {
    organisation: 'Région Auvergne-Rhône-Alpes',
    status: 'interested',
    themes: [1],
    delegates: [{ lastName: 'Dabrowski', role: 'staff', visits: [NANTES_GARDENS] }],
  },
  {
    organisation: 'Nantes Métropole',
    status: 'confirmed',
    themes: [2, 3],
    delegates: [
      { lastName: 'Coulon', role: 'staff' },
      { lastName: 'Guérin', role: 'staff', accessNotes: 'Arrive le deuxième jour seulement' },
    ],
  },
];

/** Invited authorities that answered the date poll (the others have not yet): half of them. */
export const DEMO_POLL_ANSWERS: {
  organisation: string;
  answers: ['yes' | 'if_need_be' | 'no', 'yes' | 'if_need_be' | 'no'];
  comment?: string;
}[] = [
  { organisation: 'Issy-les-Moulineaux', answers: ['yes', 'if_need_be'] },
  { organisation: 'Seocho-gu', answers: ['yes', 'no'], comment: '두 번째 기간은 구의회 회기와 겹칩니다.' },
  { organisation: 'Nantes Métropole', answers: ['yes', 'yes'] },
  { organisation: 'Dijon', answers: ['if_need_be', 'yes'], comment: 'Conseil municipal le lundi de la première semaine.' },
  { organisation: 'Suncheon', answers: ['yes', 'if_need_be'] },
];

/** The 3rd Forum's deadlines, `days` before its first day (local time, Paris), with their reminders. */
export const DEMO_DEADLINES: {
  kind: DeadlineKind;
  title: LocalizedText;
  daysBefore: number;
  time: string;
  offsets: string[];
  enforcement: 'soft' | 'hard';
}[] = [
  {
    kind: 'interest',
    title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인', en: 'Confirm your interest' },
    daysBefore: 110,
    time: '23:59',
    offsets: ['P14D', 'P3D'],
    enforcement: 'soft',
  },
  {
    kind: 'host_offer',
    title: { fr: 'Proposer d’accueillir une délégation', ko: '대표단 방문 수용 제안', en: 'Offer to host a delegation' },
    daysBefore: 90,
    time: '23:59',
    offsets: ['P7D'],
    enforcement: 'soft',
  },
  {
    kind: 'delegation',
    title: { fr: 'Composer votre délégation', ko: '대표단 구성', en: 'Name your delegation' },
    daysBefore: 60,
    time: '23:59',
    offsets: ['P14D', 'P3D'],
    enforcement: 'hard',
  },
  {
    kind: 'documents',
    title: {
      fr: 'Envoyer les copies de passeport (visites sécurisées)',
      ko: '여권 사본 제출 (보안 방문)',
      en: 'Send passport copies (secured visits)',
    },
    daysBefore: 21,
    time: '18:00',
    offsets: ['P7D', 'P1D'],
    enforcement: 'soft',
  },
];

/** The deadline whose reminder falls due while the demo runs: choosing field visits, due a day (and a little) after the start. */
export const DEMO_LIVE_DEADLINE = {
  kind: 'visit_choice' as const,
  title: { fr: 'Choisir vos visites de terrain', ko: '현장 방문 선택', en: 'Choose your field visits' },
  offset: 'P1D',
};
