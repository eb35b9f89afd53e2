import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ProblemCode, ProblemException } from '../common/problem';
import { Organisation } from '../organisations/organisation.entity';
import { CreateThemeDto, ThemeRankingDto, ThemeRankingView, ThemeView, UpdateThemeDto } from './dto/theme.dto';
import type { Forum } from './forum.entity';
import { ForumsService } from './forums.service';
import { Invitation } from './invitation.entity';
import { Theme, ThemeInterest } from './theme.entity';

@Injectable()
export class ThemesService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
  ) {}

  /** The edition's themes in order, with how the invited organisations ranked them. */
  async list(forumRef: string): Promise<ThemeView[]> {
    const forum = await this.forums.get(forumRef, true);
    const themes = await this.em.find(Theme, { forum }, { orderBy: { position: 'asc', createdAt: 'asc' } });
    const interests = await this.em.find(ThemeInterest, { theme: { forum } });
    return themes.map((theme) => {
      const ranks = interests.filter((i) => i.theme.id === theme.id).map((i) => i.rank);
      return {
        ...this.view(theme),
        interest: {
          interested: ranks.length,
          firstChoice: ranks.filter((r) => r === 1).length,
          averageRank: ranks.length ? Math.round((ranks.reduce((a, b) => a + b, 0) / ranks.length) * 100) / 100 : null,
        },
      };
    });
  }

  async create(forumRef: string, dto: CreateThemeDto): Promise<ThemeView> {
    const forum = await this.forums.get(forumRef, true);
    const position = dto.position ?? (await this.em.count(Theme, { forum })) + 1;
    const theme = new Theme({ forum, title: dto.title, position });
    theme.description = dto.description ?? {};
    await this.em.persist(theme).flush();
    return { ...this.view(theme), interest: { interested: 0, firstChoice: 0, averageRank: null } };
  }

  async update(forumRef: string, themeId: string, dto: UpdateThemeDto): Promise<ThemeView> {
    const theme = await this.theme(await this.forums.get(forumRef, true), themeId);
    theme.title = dto.title ?? theme.title;
    theme.description = dto.description ?? theme.description;
    theme.position = dto.position ?? theme.position;
    await this.em.flush();
    return (await this.list(forumRef)).find((t) => t.id === theme.id) as ThemeView;
  }

  async remove(forumRef: string, themeId: string): Promise<void> {
    const theme = await this.theme(await this.forums.get(forumRef, true), themeId);
    await this.em.remove(theme).flush();
  }

  async ranking(forumRef: string, organisationId: string): Promise<ThemeRankingView> {
    const forum = await this.forums.get(forumRef, true);
    const interests = await this.em.find(ThemeInterest, { organisation: organisationId, theme: { forum } }, { orderBy: { rank: 'asc' } });
    return { organisationId, themeIds: interests.map((i) => i.theme.id) };
  }

  /** Checks theme ids of an edition; 400 naming `field.index` for any that is not one of its themes. */
  async themesOf(forum: Forum, themeIds: string[], field = 'themeIds'): Promise<Theme[]> {
    const themes = themeIds.length ? await this.em.find(Theme, { forum, id: { $in: themeIds.map((id) => id.toLowerCase()) } }) : [];
    const problems = themeIds.flatMap((id, index) =>
      themes.some((t) => t.id === id.toLowerCase())
        ? []
        : [{ field: `${field}.${index}`, message: `no theme of this edition has the id ${id}`, constraint: 'isIn' }],
    );
    if (problems.length > 0) {
      throw ProblemException.validation(problems);
    }
    return themeIds.map((id) => themes.find((t) => t.id === id.toLowerCase()) as Theme);
  }

  /** Writes a ranking inside the caller's transaction (themes already checked with themesOf). */
  async replaceRanking(em: EntityManager, forum: Forum, organisation: Organisation, themes: Theme[]): Promise<void> {
    em.remove(await em.find(ThemeInterest, { organisation, theme: { forum } }));
    await em.flush();
    themes.forEach((theme, index) => em.persist(new ThemeInterest({ theme, organisation, rank: index + 1 })));
  }

  /** Every organisation's ranking of the edition's themes, most wanted first, in one query. */
  async rankings(forumRef: string): Promise<Map<string, Theme[]>> {
    const forum = await this.forums.get(forumRef, true);
    const interests = await this.em.find(ThemeInterest, { theme: { forum } }, { populate: ['theme'], orderBy: { rank: 'asc' } });
    const byOrganisation = new Map<string, Theme[]>();
    for (const interest of interests) {
      byOrganisation.set(interest.organisation.id, [...(byOrganisation.get(interest.organisation.id) ?? []), interest.theme]);
    }
    return byOrganisation;
  }

  /** Replaces an invited organisation's ranking of the themes, all or nothing. */
  async rank(forumRef: string, organisationId: string, dto: ThemeRankingDto): Promise<ThemeRankingView> {
    const forum = await this.forums.get(forumRef, true);
    const organisation = await this.em.findOne(Organisation, { id: organisationId });
    if (!organisation) {
      throw ProblemException.notFound('Organisation', organisationId);
    }
    if (!(await this.em.count(Invitation, { forum, organisation }))) {
      throw ProblemException.conflict(
        ProblemCode.NotInvited,
        `${organisation.name} is not invited to this edition: only invited organisations rank themes.`,
      );
    }
    const themes = await this.themesOf(forum, dto.themeIds);
    await this.em.transactional((em) => this.replaceRanking(em, forum, organisation, themes));
    return { organisationId: organisation.id, themeIds: dto.themeIds.map((id) => id.toLowerCase()) };
  }

  private async theme(forum: Forum, themeId: string): Promise<Theme> {
    const theme = await this.em.findOne(Theme, { id: themeId, forum });
    if (!theme) {
      throw ProblemException.notFound('Theme', themeId);
    }
    return theme;
  }

  private view(theme: Theme): Omit<ThemeView, 'interest'> {
    return { id: theme.id, forumId: theme.forum.id, title: theme.title, description: theme.description, position: theme.position };
  }
}
