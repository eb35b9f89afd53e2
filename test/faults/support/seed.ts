import { MikroORM } from '@mikro-orm/postgresql';
import { Forum } from '../../../src/forums/forum.entity';
import { Invitation } from '../../../src/forums/invitation.entity';
import { Contact } from '../../../src/organisations/contact.entity';
import { Organisation } from '../../../src/organisations/organisation.entity';
import { openOrm } from '../../support/database';

/**
 * Published editions with invited organisations of one contact each, written straight to the
 * database: what is under test is what happens after, not thousands of set-up requests.
 * Returns the forum ids in order.
 */
export async function seedInvited(databaseUrl: string, editions: { slug: string; organisations: number }[]): Promise<string[]> {
  const orm: MikroORM = await openOrm(databaseUrl);
  try {
    const ids: string[] = [];
    for (const [e, edition] of editions.entries()) {
      const em = orm.em.fork();
      const forum = new Forum({
        slug: edition.slug,
        editionNumber: e + 1,
        title: { fr: `Forum ${edition.slug}`, ko: `포럼 ${edition.slug}` },
        hostCountry: 'KR',
        timeZone: 'Asia/Seoul',
      });
      forum.status = 'published';
      em.persist(forum);
      for (let i = 0; i < edition.organisations; i += 1) {
        const organisation = new Organisation({ name: `Collectivité ${edition.slug} ${i}`, country: i % 2 ? 'KR' : 'FR', kind: 'commune' });
        const contact = new Contact({
          organisation,
          firstName: `Prénom${i}`,
          lastName: 'Essai',
          email: `${edition.slug}-${i}@faults.example`,
        });
        contact.locale = i % 3 === 0 ? 'ko' : 'fr';
        em.persist([organisation, contact, new Invitation({ forum, organisation })]);
      }
      await em.flush();
      ids.push(forum.id);
    }
    return ids;
  } finally {
    await orm.close();
  }
}

/** An instant as the API takes it: whole seconds, UTC offset. */
export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
