import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from './job-catalogue';

const REPEAT_AFTER_MS = 30_000;

/** Logs Redis trouble of the queues once per distinct error and half-minute, instead of on every retry. */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Queues');
  private readonly lastLogged = new Map<string, number>();

  constructor(
    @InjectQueue(QueueName.Mail) private readonly mail: Queue,
    @InjectQueue(QueueName.Reminders) private readonly reminders: Queue,
    @InjectQueue(QueueName.Calendar) private readonly calendar: Queue,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
  ) {}

  onModuleInit(): void {
    for (const queue of [this.mail, this.reminders, this.calendar, this.maintenance]) {
      queue.on('error', (error: Error) => this.log(queue.name, error));
    }
  }

  private log(queue: string, error: Error): void {
    const key = `${queue}|${error.message}`;
    const now = Date.now();
    if (now - (this.lastLogged.get(key) ?? 0) >= REPEAT_AFTER_MS) {
      this.lastLogged.set(key, now);
      this.logger.warn({ queue, err: error }, `Queue ${queue}: ${error.message}`);
    }
  }
}
