import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Forum } from '../forums/forum.entity';
import { Organisation } from '../organisations/organisation.entity';
import { organisationName } from '../organisations/organisation.views';
import type { PageContext } from './page-context';

export type MemberSection = 'programme' | 'poll' | 'registration' | 'blackouts' | 'meetings';

export interface MemberNav {
  slug: string;
  organisation: string;
  current: MemberSection;
}

/** The links between a member's pages of one forum, with the organisation it acts for. */
@Injectable()
export class MemberNavService {
  constructor(private readonly em: EntityManager) {}

  async of(page: PageContext, forum: Forum, current: MemberSection): Promise<MemberNav | null> {
    if (page.member?.forumId !== forum.id) {
      return null;
    }
    const organisation = await this.em.findOneOrFail(Organisation, { id: page.member.organisationId });
    return { slug: forum.slug, organisation: organisationName(organisation, page.locale), current };
  }
}
