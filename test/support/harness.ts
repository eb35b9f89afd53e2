import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { configureHttpApp, createFastifyAdapter } from '../../src/http-app';
import { WorkerModule } from '../../src/worker.module';
import { dropQueueKeys } from '../../scripts/queue-keys';
import { SmtpSink } from '../../scripts/smtp-sink';
import { createMigratedDatabase, dropDatabase } from './database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const ORGANISERS_EMAIL = 'organisers@passerelle.test';
export const PUBLIC_URL = 'https://passerelle.test';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * Each harness has its own database and queue prefix: background work of one test file (a
 * reconciler picking up unsent messages, say) can never reach another's data.
 */
async function harnessDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `passerelle_h_${randomBytes(6).toString('hex')}`;
  const url = await createMigratedDatabase(name);
  return { url, drop: () => dropDatabase(name) };
}

export interface Harness {
  app: NestFastifyApplication;
  worker?: INestApplicationContext;
  smtp: SmtpSink;
  em: EntityManager;
  queuePrefix: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Start the queue worker in this process too (mail actually goes out). */
  worker?: boolean;
  env?: Record<string, string>;
}

/** A unique suffix for data a test creates, so tests never depend on each other. */
export function unique(prefix = 't'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * Another API process on the harness's database, Redis and queues, as a deployment with several
 * runs them: its own change signal and cached reads, nothing shared in memory with the first.
 * Start it after the harness (it reads the environment the harness set); close it before.
 */
export async function startPeerApp(): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = configureHttpApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(moduleRef.get(AppConfig).get('trustedProxies')), {
      bufferLogs: true,
    }),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * The real application on the run's database, a real Redis (own queue prefix per file) and
 * its own SMTP sink. Configuration goes through the environment, as in production.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const smtp = new SmtpSink();
  const queuePrefix = `test-${randomBytes(5).toString('hex')}`;
  const database = await harnessDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_TOKEN,
    ORGANISERS_EMAIL,
    PUBLIC_URL,
    MAIL_FROM: 'Passerelle <passerelle@passerelle.test>',
    SMTP_URL: await smtp.start(),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: queuePrefix,
    DATABASE_URL: database.url,
    ...options.env,
  });
  const redisUrl = process.env.REDIS_URL as string;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = configureHttpApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(moduleRef.get(AppConfig).get('trustedProxies')), {
      bufferLogs: true,
    }),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const worker = options.worker ? await NestFactory.createApplicationContext(WorkerModule, { logger: false }) : undefined;
  await worker?.init();
  const em = app.get(EntityManager).fork();
  return {
    app,
    worker,
    smtp,
    em,
    queuePrefix,
    async close() {
      await worker?.close();
      await app.close();
      await smtp.stop();
      await database.drop();
      // The jobs it added would otherwise stay in the shared Redis, a few thousand per run. A test
      // on a Redis of its own may have stopped it already: nothing is left there to clean.
      await dropQueueKeys(redisUrl, queuePrefix).catch(() => undefined);
    },
  };
}
