import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../access/principal';
import { Clock } from '../common/clock';
import { instantOf } from '../common/instant-input';
import { pickLocale } from '../common/locale';
import { ProblemCode, ProblemException } from '../common/problem';
import { renderInstant } from '../common/time';
import type { Forum } from '../forums/forum.entity';
import { ForumsService } from '../forums/forums.service';
import { Deadline } from './deadline.entity';
import { deadlineVerdict, type GovernedAction, kindGoverning } from './deadline-kinds';
import { CreateDeadlineDto, DeadlineView, UpdateDeadlineDto } from './dto/deadline.dto';
import { RemindersService } from './reminders.service';

@Injectable()
export class DeadlinesService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly clock: Clock,
    private readonly reminders: RemindersService,
  ) {}

  async list(forumRef: string): Promise<Deadline[]> {
    const forum = await this.forums.get(forumRef, true);
    return this.em.find(Deadline, { forum }, { orderBy: { dueAt: 'asc', id: 'asc' } });
  }

  async get(forumRef: string, deadlineId: string): Promise<Deadline> {
    const forum = await this.forums.get(forumRef, true);
    const deadline = await this.em.findOne(Deadline, { id: deadlineId, forum });
    if (!deadline) {
      throw ProblemException.notFound('Deadline', deadlineId);
    }
    return deadline;
  }

  async create(forumRef: string, dto: CreateDeadlineDto): Promise<Deadline> {
    const forum = await this.forums.get(forumRef, true);
    const deadline = new Deadline({
      forum,
      kind: dto.kind,
      title: dto.title,
      dueAt: instantOf(dto.dueAt, dto.timeZone, 'dueAt'),
      timeZone: dto.timeZone,
    });
    deadline.enforcement = dto.enforcement ?? 'soft';
    deadline.reminderOffsets = dto.reminderOffsets ?? [];
    await this.em.persist(deadline).flush();
    await this.reminders.schedule(deadline);
    return deadline;
  }

  async update(forumRef: string, deadlineId: string, dto: UpdateDeadlineDto): Promise<Deadline> {
    const deadline = await this.get(forumRef, deadlineId);
    const previousOffsets = deadline.reminderOffsets;
    const zone = dto.timeZone ?? deadline.timeZone;
    if (dto.dueAt !== undefined) {
      deadline.dueAt = instantOf(dto.dueAt, zone, 'dueAt');
    }
    deadline.timeZone = zone;
    deadline.kind = dto.kind ?? deadline.kind;
    deadline.title = dto.title ?? deadline.title;
    deadline.enforcement = dto.enforcement ?? deadline.enforcement;
    deadline.reminderOffsets = dto.reminderOffsets ?? deadline.reminderOffsets;
    await this.em.flush();
    // A moved instant or changed offsets move the reminders with them.
    await this.reminders.schedule(deadline, previousOffsets);
    return deadline;
  }

  async remove(forumRef: string, deadlineId: string): Promise<void> {
    const deadline = await this.get(forumRef, deadlineId);
    await this.em.remove(deadline).flush();
    await this.reminders.unschedule(deadline.id, deadline.reminderOffsets);
  }

  /**
   * Before an action a deadline governs (`deadlineVerdict`): past a hard deadline a member is
   * refused with DEADLINE_PASSED, an organiser may still act; past any, the action is late.
   */
  async enforce(forum: Forum, action: GovernedAction, principal: Principal | undefined): Promise<{ late: boolean }> {
    const passed = await this.em.find(
      Deadline,
      { forum, kind: kindGoverning(action), dueAt: { $lte: this.clock.now() } },
      { orderBy: { dueAt: 'asc' } },
    );
    const { late, refusedBy: hard } = deadlineVerdict(passed, principal?.kind === 'organiser');
    if (hard) {
      const dueAt = renderInstant(hard.dueAt, hard.timeZone);
      throw new ProblemException(
        HttpStatus.CONFLICT,
        ProblemCode.DeadlinePassed,
        `The deadline "${pickLocale(hard.title, 'fr')}" passed on ${dueAt.paris.local} (Paris), ${dueAt.seoul.local} (Seoul): ask the organisers.`,
        { deadline: { id: hard.id, kind: hard.kind, title: hard.title, dueAt } },
      );
    }
    return { late };
  }

  view(deadline: Deadline): DeadlineView {
    return {
      id: deadline.id,
      forumId: deadline.forum.id,
      kind: deadline.kind,
      title: deadline.title,
      dueAt: renderInstant(deadline.dueAt, deadline.forum.timeZone),
      dueAtStated: renderInstant(deadline.dueAt, deadline.timeZone).forum.local,
      timeZone: deadline.timeZone,
      enforcement: deadline.enforcement,
      reminderOffsets: deadline.reminderOffsets,
      passed: deadline.dueAt <= this.clock.now(),
    };
  }
}
