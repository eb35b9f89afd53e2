import type { EntityManager } from '@mikro-orm/postgresql';
import type { LocalizedText } from '../common/locale';
import { Forum, type ForumStatus } from '../forums/forum.entity';
import { Organisation, type OrganisationKind } from '../organisations/organisation.entity';

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
];

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

export interface SeedReport {
  organisationsCreated: number;
  forumsCreated: number;
}

/** Loads the demo data; running it again changes nothing (natural keys: slug, name and country). */
export async function seedDemo(em: EntityManager): Promise<SeedReport> {
  const report: SeedReport = { organisationsCreated: 0, forumsCreated: 0 };
  await em.transactional(async (tx) => {
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
  });
  return report;
}
