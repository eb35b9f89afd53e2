import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { AccessLink } from '../../src/auth/access-link.entity';
import { AccountsService } from '../../src/auth/accounts.service';
import type { Role } from '../../src/access/principal';
import { hashToken, newToken, TokenPrefix } from '../../src/auth/tokens';
import type { User } from '../../src/auth/user.entity';
import { Forum } from '../../src/forums/forum.entity';
import { Contact } from '../../src/organisations/contact.entity';
import { Message } from '../../src/outbox/message.entity';
import { type MessageDraft, Outbox } from '../../src/outbox/outbox.service';
import { auth, type Harness, unique } from './harness';

/** A valid POST /api/forums body: the 2nd Franco-Korean Forum, with a unique slug. */
export function forumPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug: unique('forum'),
    editionNumber: 2,
    title: { fr: '2e Forum franco-coréen', ko: '제2회 한불 지방정부 포럼', en: '2nd Franco-Korean Forum' },
    hostCountry: 'KR',
    timeZone: 'Asia/Seoul',
    startDate: '2024-09-24',
    endDate: '2024-09-26',
    ...overrides,
  };
}

export interface ForumResponse {
  id: string;
  slug: string;
}

/** Creates a forum through the API as an organiser; fails the test unless it answers 201. */
export async function createForum(h: Harness, overrides: Record<string, unknown> = {}): Promise<ForumResponse> {
  const response = await h.app.inject({ method: 'POST', url: '/api/forums', headers: auth, payload: forumPayload(overrides) });
  if (response.statusCode !== 201) {
    throw new Error(`Creating a forum answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<ForumResponse>();
}

/** Data for the forum-created template, every field filled. */
export function forumCreatedData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Forum',
    editionNumber: 2,
    slug: 'forum',
    status: 'draft',
    hostCountry: 'KR',
    timeZone: 'Asia/Seoul',
    dates: null,
    apiUrl: 'https://x.test',
    feedUrl: 'https://y.test',
    ...overrides,
  };
}

/** An outbox row committed without a queue job, as when Redis was unreachable at commit. */
export async function composeMessage(h: Harness, overrides: Partial<MessageDraft> = {}): Promise<Message> {
  const em = h.em.fork();
  const [written] = await h.app.get(Outbox).write(em, [
    {
      kind: 'forum_created',
      recipient: `${unique('to')}@passerelle.test`,
      locale: 'fr',
      template: 'forum-created',
      dedupeKey: unique('message'),
      scheduledFor: new Date(),
      data: forumCreatedData(),
      ...overrides,
    },
  ]);
  return em.findOneOrFail(Message, { id: written.id });
}

/** A valid POST /api/organisations body with a unique name. */
export function organisationPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: unique('Ville'), country: 'FR', kind: 'commune', population: 68_000, ...overrides };
}

export interface Created {
  id: string;
  [field: string]: unknown;
}

async function post(h: Harness, url: string, payload: Record<string, unknown>): Promise<Created> {
  const response = await h.app.inject({ method: 'POST', url, headers: auth, payload });
  if (response.statusCode !== 201 && response.statusCode !== 200) {
    throw new Error(`POST ${url} answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<Created>();
}

export function createOrganisation(h: Harness, overrides: Record<string, unknown> = {}): Promise<Created> {
  return post(h, '/api/organisations', organisationPayload(overrides));
}

export function createContact(h: Harness, organisationId: string, overrides: Record<string, unknown> = {}): Promise<Created> {
  return post(h, `/api/organisations/${organisationId}/contacts`, {
    firstName: 'Caroline',
    lastName: 'Millan',
    function: 'Conseillère municipale déléguée aux relations internationales',
    email: `${unique('contact')}@ville.test`,
    ...overrides,
  });
}

export async function invite(h: Harness, forumId: string, organisationIds: string[]): Promise<void> {
  await post(h, `/api/forums/${forumId}/invitations`, { organisationIds });
}

/** An account with a role and a personal token for it. */
export async function userWithToken(h: Harness, role: Role): Promise<{ user: User; token: string; headers: { authorization: string } }> {
  const accounts = h.app.get(AccountsService);
  // Services expect a request's EntityManager context, as in the API.
  return RequestContext.create(h.app.get(EntityManager), async () => {
    const user = await accounts.createUser({ email: `${unique(role)}@cites-unies-france.test`, name: `${role} test`, role });
    const { secret } = await accounts.issueToken(user, 'test');
    return { user, token: secret, headers: { authorization: `Bearer ${secret}` } };
  });
}

/** A magic link for a contact and an edition, made directly (the emailed flow has its own tests). */
export async function accessTokenFor(
  h: Harness,
  contactId: string,
  forumId: string,
  expiresAt = new Date(Date.now() + 3_600_000),
): Promise<{ token: string; linkId: string; headers: { authorization: string } }> {
  const em = h.em.fork();
  const contact = await em.findOneOrFail(Contact, { id: contactId });
  const forum = await em.findOneOrFail(Forum, { id: forumId });
  const secret = newToken(TokenPrefix.AccessLink);
  const link = new AccessLink({ contact, organisation: contact.organisation, forum, tokenHash: hashToken(secret), expiresAt });
  await em.persist(link).flush();
  return { token: secret, linkId: link.id, headers: { authorization: `Bearer ${secret}` } };
}
