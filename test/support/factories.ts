import type { Forum } from '../../src/forums/forum.entity';
import type { Message } from '../../src/notifications/message.entity';
import { NotificationsService, type MessageDraft } from '../../src/notifications/notifications.service';
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
  return { title: 'Forum', editionNumber: 2, slug: 'forum', status: 'draft', hostCountry: 'KR', timeZone: 'Asia/Seoul', dates: null, apiUrl: 'https://x.test', feedUrl: 'https://y.test', ...overrides };
}

/** An outbox row committed without a queue job, as when Redis was unreachable at commit. */
export async function composeMessage(h: Harness, overrides: Partial<MessageDraft> & { forum?: Forum } = {}): Promise<Message> {
  const em = h.em.fork();
  const message = h.app.get(NotificationsService).compose(em, {
    kind: 'forum_created',
    recipient: `${unique('to')}@passerelle.test`,
    locale: 'fr',
    template: 'forum-created',
    dedupeKey: unique('message'),
    scheduledFor: new Date(),
    data: forumCreatedData(),
    ...overrides,
  });
  await em.flush();
  return message;
}
