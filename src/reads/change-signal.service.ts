import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';

/** The channel the database's `read_version_bump()` trigger announces each change on. */
export const READS_CHANNEL = 'passerelle_reads';
/** How often the version is read again, in case an announcement was lost with its connection. */
const RECHECK_MS = 2_000;
/** A re-check slower than this means the connection is gone, whatever the socket says. */
const RECHECK_TIMEOUT_MS = 1_500;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;
/**
 * Runs a function outside any request: the connection is first opened while a request asks, and
 * its socket would otherwise keep that request's context (and all it holds) for its whole life.
 */
const outsideRequests = AsyncLocalStorage.snapshot();

/**
 * Tells this process when what public reads show may have changed. The database raises one
 * counter in the transaction of every such change and announces it with NOTIFY (so every API
 * process hears it); this process holds one LISTEN connection, reads the counter again every
 * two seconds, and trusts nothing while that connection is down.
 *
 * `generation` is this process's own count of the changes it knows of: cached reads are kept by
 * generation, so anything that may have changed (an announcement, a counter found higher, a
 * reconnection after which announcements may have been missed, a write this process answered)
 * moves it on and leaves every cached read behind.
 */
@Injectable()
export class ChangeSignal implements OnApplicationShutdown {
  private readonly logger = new Logger(ChangeSignal.name);
  private client: Client | null = null;
  private version: string | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private stopped = false;
  private started = false;

  /** Moves on with every change this process knows of; cached reads hold the one they were rendered at. */
  generation = 0;
  private isListening = false;

  constructor(private readonly config: AppConfig) {}

  /**
   * Whether the LISTEN connection is up and its version read: only then can a cached read be
   * trusted. The first question opens the connection, so a process that serves no reads (the
   * worker, which shares the modules) never listens.
   */
  get listening(): boolean {
    if (!this.started && !this.stopped) {
      this.started = true;
      outsideRequests(() => void this.connect());
    }
    return this.isListening;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    await this.drop();
  }

  /**
   * A write this process has just committed: its own answer must not be followed by an older read
   * while the announcement of that change is on its way back.
   */
  noteLocalWrite(): void {
    this.generation += 1;
  }

  private async connect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    const client = new Client({ connectionString: this.config.get('databaseUrl'), application_name: 'passerelle-reads' });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === READS_CHANNEL) {
        this.announced(message.payload ?? '');
      }
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${READS_CHANNEL}`);
      // Announcements may have been missed while no connection listened: everything cached is doubtful.
      this.generation += 1;
      await this.recheck();
      if (client !== this.client) {
        // Shut down (or lost) meanwhile.
        this.lost(client);
        return;
      }
      this.isListening = true;
      this.reconnectDelay = RECONNECT_MIN_MS;
      this.scheduleRecheck();
    } catch (error) {
      this.logger.warn(`Change signal: cannot listen (${(error as Error).message}); cached reads are bypassed until it can.`);
      this.lost(client);
    }
  }

  /** `<version> <epoch ms>`, as the trigger writes it. */
  private announced(payload: string): void {
    this.version = payload.split(' ')[0];
    this.generation += 1;
  }

  private async recheck(): Promise<void> {
    const client = this.client;
    if (!client) {
      return;
    }
    let timeout: NodeJS.Timeout | undefined;
    const slow = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error(`no answer within ${RECHECK_TIMEOUT_MS} ms`)), RECHECK_TIMEOUT_MS);
    });
    try {
      const { rows } = await Promise.race([client.query<{ version: string }>('select version from read_version where id = 1'), slow]);
      const row = rows[0];
      if (row && row.version !== this.version) {
        this.version = row.version;
        this.generation += 1;
      }
    } finally {
      clearTimeout(timeout);
    }
  }

  private scheduleRecheck(): void {
    this.recheckTimer = setTimeout(() => {
      const client = this.client;
      this.recheck().then(
        () => this.scheduleRecheck(),
        (error: unknown) => {
          this.logger.warn(`Change signal: re-check failed (${(error as Error).message}); reconnecting.`);
          if (client) {
            this.lost(client);
          }
        },
      );
    }, RECHECK_MS);
    this.recheckTimer.unref();
  }

  private lost(client: Client): void {
    void client.end().catch(() => undefined);
    if (client !== this.client) {
      return;
    }
    this.isListening = false;
    this.client = null;
    this.clearTimers();
    if (this.stopped) {
      return;
    }
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  private clearTimers(): void {
    for (const timer of [this.recheckTimer, this.reconnectTimer]) {
      if (timer) {
        clearTimeout(timer);
      }
    }
    this.recheckTimer = null;
    this.reconnectTimer = null;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.isListening = false;
    await client?.end().catch(() => undefined);
  }
}
