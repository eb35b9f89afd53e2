import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { Queue, type Worker } from 'bullmq';

const REPEAT_AFTER_MS = 30_000;

/**
 * Logs the trouble of every queue and every worker of the process (Redis gone, a job that outlived
 * its lock) once per distinct error and half-minute, instead of on every retry. An emitter with no
 * `error` listener of ours would have BullMQ print the raw error with console.error instead.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');
  private readonly lastLogged = new Map<string, number>();
  private readonly watched = new WeakSet<Queue | Worker>();

  constructor(private readonly discovery: DiscoveryService) {}

  /** The queues, as soon as they exist: their connection may fail while the process starts. */
  onModuleInit(): void {
    for (const instance of this.instances()) {
      if (instance instanceof Queue) {
        this.watch(instance, `queue ${instance.name}`);
      }
    }
  }

  /** The workers, once the BullMQ explorer has made them (in its own onModuleInit). */
  onApplicationBootstrap(): void {
    for (const instance of this.instances()) {
      if (instance instanceof WorkerHost) {
        const worker = this.workerOf(instance as WorkerHost<Worker>);
        if (worker) {
          this.watch(worker, `worker ${worker.name}`);
        }
      }
    }
  }

  private instances(): unknown[] {
    return this.discovery.getProviders().map((wrapper) => wrapper.instance as unknown);
  }

  private workerOf(host: WorkerHost<Worker>): Worker | undefined {
    try {
      return host.worker;
    } catch {
      return undefined; // registered by hand and not yet started
    }
  }

  private watch(emitter: Queue | Worker, what: string): void {
    if (!this.watched.has(emitter)) {
      this.watched.add(emitter);
      // Both are EventEmitters; their typed `on` signatures do not unite.
      (emitter as NodeJS.EventEmitter).on('error', (error: Error) => this.log(what, error));
    }
  }

  private log(what: string, error: Error): void {
    const key = `${what}|${error.message}`;
    const now = Date.now();
    if (now - (this.lastLogged.get(key) ?? 0) >= REPEAT_AFTER_MS) {
      this.lastLogged.set(key, now);
      this.logger.warn({ err: error }, `${what}: ${error.message}`);
    }
  }
}
