import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { UUID_PATTERN } from '../common/id.pipe';
import { Page, toPage } from '../common/pagination';
import { ProblemException } from '../common/problem';
import { Forum } from '../forums/forum.entity';
import type { Message } from '../outbox/message.entity';
import { type MessageListQuery, Outbox } from '../outbox/outbox.service';

/** An edition's outbox as the API shows it, the edition named by its id or its slug. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /** An unknown edition has no messages. */
  async list(forumRef: string, query: MessageListQuery): Promise<Page<Message>> {
    const forumId = await this.forumIdOf(forumRef);
    return forumId ? this.outbox.list(forumId, query) : toPage([], 0, query);
  }

  async retry(forumRef: string, messageId: string): Promise<Message> {
    return this.outbox.retry(await this.existingForumId(forumRef, messageId), messageId);
  }

  async cancel(forumRef: string, messageId: string): Promise<Message> {
    return this.outbox.cancel(await this.existingForumId(forumRef, messageId), messageId);
  }

  private async existingForumId(forumRef: string, messageId: string): Promise<string> {
    const forumId = await this.forumIdOf(forumRef);
    if (!forumId) {
      throw ProblemException.notFound('Message', messageId);
    }
    return forumId;
  }

  private async forumIdOf(forumRef: string): Promise<string | null> {
    if (UUID_PATTERN.test(forumRef)) {
      return forumRef;
    }
    return (await this.em.findOne(Forum, { slug: forumRef }, { fields: ['id'] }))?.id ?? null;
  }
}
