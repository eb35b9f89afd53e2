import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SmtpSink } from '../../../scripts/smtp-sink';
import { openOrm } from '../../support/database';
import { freePort } from '../../support/ports';
import { PrivatePostgres } from './private-postgres';
import { PrivateRedis } from '../../support/private-redis';
import { type Role, ServiceProcess } from './service-process';

export const ADMIN_TOKEN = `fault-admin-${randomBytes(16).toString('hex')}`;
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

/**
 * Everything on private servers: PostgreSQL and Redis that the test may stop, flush or restart,
 * an SMTP sink, and the built API and worker as real processes.
 */
export class FaultStack {
  readonly processes: ServiceProcess[] = [];
  readonly adminToken = ADMIN_TOKEN;
  api?: ServiceProcess;
  baseUrl = '';

  private constructor(
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly smtp: SmtpSink,
    readonly databaseUrl: string,
    private readonly env: Record<string, string>,
    readonly logDir: string,
  ) {}

  static async start(options: { parseMail?: boolean; env?: Record<string, string> } = {}): Promise<FaultStack> {
    const [postgres, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    const client = new Client({ connectionString: `${postgres.serverUrl}/postgres` });
    await client.connect();
    await client.query('create database passerelle');
    await client.end();
    const databaseUrl = `${postgres.serverUrl}/passerelle`;
    const orm = await openOrm(databaseUrl);
    try {
      await orm.migrator.up();
    } finally {
      await orm.close();
    }
    const smtp = new SmtpSink({ parse: options.parseMail ?? true });
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      ADMIN_TOKEN,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      SMTP_URL: await smtp.start(),
      QUEUE_PREFIX: 'faults',
      PUBLIC_URL: 'https://passerelle.test',
      ORGANISERS_EMAIL: 'organisers@passerelle.test',
      MAIL_FROM: 'Passerelle <passerelle@passerelle.test>',
      ...options.env,
    };
    return new FaultStack(postgres, redis, smtp, databaseUrl, env, mkdtempSync(join(tmpdir(), 'passerelle-faults-')));
  }

  async startApi(): Promise<ServiceProcess> {
    const port = await freePort();
    const api = this.spawn('api', { PORT: String(port) });
    this.api = api;
    this.baseUrl = `http://127.0.0.1:${port}`;
    await api.ready(this.baseUrl);
    return api;
  }

  async startWorker(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const worker = this.spawn('worker', env);
    await worker.ready();
    return worker;
  }

  /** A query on the private database, from outside the processes under test. */
  async sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Like request, but a status other than `expected` fails the test with the body. */
  async must<T = unknown>(method: string, path: string, body: unknown, expected: number): Promise<T> {
    const response = await this.request<T>(method, path, body);
    if (response.status !== expected) {
      throw new Error(`${method} ${path} answered ${response.status}, not ${expected}: ${JSON.stringify(response.body)}`);
    }
    return response.body;
  }

  /** Logs of every process, for a failing test's message. */
  logs(): string {
    return this.processes.map((p) => `--- ${p.role} (${p.exitStatus}) ${p.logFile}\n${p.logs().slice(-3_000)}`).join('\n');
  }

  async stop(): Promise<void> {
    for (const process of this.processes) {
      await process.kill('SIGKILL');
    }
    await this.smtp.stop();
    await this.redis.stop();
    await this.postgres.destroy();
  }

  private spawn(role: Role, env: Record<string, string>): ServiceProcess {
    const process = ServiceProcess.spawn(role, { ...this.env, ...env }, join(this.logDir, `${role}-${this.processes.length}.log`));
    this.processes.push(process);
    return process;
  }
}
