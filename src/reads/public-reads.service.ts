import type { IncomingMessage } from 'node:http';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '../common/clock';
import { Semaphore } from '../common/semaphore';
import { ChangeSignal } from './change-signal.service';
import { etagOf, notModified, policyOf, PRIVATE_CACHE, type PublicReadPolicy, type ReadRequest, type RenderedRead } from './public-read';

/** What the rendered reads may hold in memory, bodies counted once however many keys share them. */
export const READ_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Renders running at once. A render of a 500-session edition holds some ten megabytes of entities
 * and text until it is done; a burst of changes under read load would otherwise start one per
 * read at once, each change again, and the API's capped heap ran out. Two keep both cores busy.
 */
export const RENDER_SLOTS = 2;

/** How many URLs the front door knows the route of; past that, the longest known is forgotten. */
export const DOOR_URLS = 4096;

/** A URL routed to a public read: its route's policy and its query as the router parsed it. */
interface KnownUrl {
  policy: PublicReadPolicy;
  query: unknown;
}

/** A read rendered once: its bytes, their validators and headers, and the change generation it shows. */
interface CachedRead {
  generation: number;
  body: Buffer;
  etag: string;
  /** Whole seconds, as HTTP dates have them. */
  lastModifiedMs: number;
  /**
   * The earliest If-Modified-Since that proves the client holds these bytes: their Last-Modified,
   * or the second after it when other bytes had that date (two changes within a second).
   */
  heldSinceMs: number;
  lastModified: string;
  headers: Readonly<Record<string, string>>;
  /** Epoch ms after which it is rendered again even without a change; Infinity when never. */
  expiresAt: number;
  /** For eviction: the least recently served goes first. */
  used: number;
  /** The front door's response headers, made once for the policy that served it last. */
  raw?: RawHeaders;
}

interface RawHeaders {
  cacheControl: string;
  vary: string | undefined;
  ok: readonly string[];
  notModified: readonly string[];
}

/** What the front door sends: status, headers as a flat name, value list, and the body of a 200. */
export interface MemoryAnswer {
  status: 200 | 304;
  headers: readonly string[];
  body: Buffer | undefined;
}

/** The headers of a held read, as `send()` below would set them, for both of its answers. */
function rawHeadersOf(entry: CachedRead, cacheControl: string, vary: string | undefined): RawHeaders {
  const validators = [
    'etag',
    entry.etag,
    'last-modified',
    entry.lastModified,
    'cache-control',
    cacheControl,
    ...(vary ? ['vary', vary] : []),
  ];
  const content = Object.entries(entry.headers).flat();
  return {
    cacheControl,
    vary,
    ok: [...validators, ...content, 'content-length', String(entry.body.length)],
    notModified: validators,
  };
}

interface SharedBody {
  body: Buffer;
  holders: number;
}

/**
 * Public reads rendered once per change and answered from memory. A read is kept with the change
 * generation it was rendered at (see ChangeSignal) and served while the generation holds, the
 * change signal listens, and nothing it shows changes by itself. Its ETag is the hash of its bytes;
 * its Last-Modified is when those bytes last changed: kept when a new render gives the same bytes,
 * otherwise the database's time of the change the render saw. Memory is bounded by bytes, and
 * equal bodies under several keys (?lang=fr and no lang) are held once.
 */
@Injectable()
export class PublicReads {
  private readonly entries = new Map<string, CachedRead>();
  private readonly knownUrls = new Map<string, KnownUrl>();
  private readonly renderSlots = new Semaphore(RENDER_SLOTS);
  private readonly bodies = new Map<string, SharedBody>();
  private readonly rendering = new Map<string, { generation: number; done: Promise<CachedRead | RenderedRead> }>();
  private bytes = 0;
  private tick = 0;

  constructor(
    private readonly signal: ChangeSignal,
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * The answer to a request as it reaches the server, before any routing: a GET or HEAD of a URL
   * a public read answered before, whose rendering for this reader is held and current. Null
   * sends the request on to the framework (not known, not current, not shareable with this
   * reader), whose handler renders it and teaches the door the URL.
   */
  answerAtTheDoor(request: IncomingMessage): MemoryAnswer | null {
    const { method, url } = request;
    if ((method !== 'GET' && method !== 'HEAD') || url === undefined) {
      return null;
    }
    const known = this.knownUrls.get(url);
    if (!known) {
      return null;
    }
    const { policy } = known;
    const read: ReadRequest = { method, url, headers: request.headers, query: known.query };
    if (policy.answerableFromMemory?.(read) === false) {
      return null;
    }
    const key = policy.key(read);
    const entry = key === null ? undefined : this.current(key);
    if (!entry) {
      return null;
    }
    let raw = entry.raw;
    if (raw?.cacheControl !== policy.cacheControl || raw.vary !== policy.vary) {
      raw = entry.raw = rawHeadersOf(entry, policy.cacheControl, policy.vary);
    }
    return notModified(read, entry.etag, entry.heldSinceMs)
      ? { status: 304, headers: raw.notModified, body: undefined }
      : { status: 200, headers: raw.ok, body: method === 'HEAD' ? undefined : entry.body };
  }

  /**
   * The handler's path: the held rendering if current, else `render()` once for every request that
   * waits on the same key (and kept when it answers 200). A request the policy does not share
   * (a signed-in reader) is rendered for itself and never leaves its reader.
   */
  async serve(request: FastifyRequest, reply: FastifyReply, render: () => Promise<RenderedRead>): Promise<void> {
    const policy = policyOf(request);
    if (!policy) {
      throw new Error(`${request.routeOptions.url ?? request.url} is not marked @PublicRead()`);
    }
    const key = policy.key(request);
    const answer = key === null ? await this.renderDated(render) : await this.obtain(key, render);
    if (!('generation' in answer)) {
      // Another status (a refused filter): sent as it is, never kept.
      await reply
        .status(answer.status ?? 200)
        .headers(answer.headers)
        .header('cache-control', PRIVATE_CACHE)
        .send(answer.body);
      return;
    }
    if (key !== null) {
      this.learnUrl(request, policy);
    }
    // A cookie set on the way (a language chosen, a form token) is the reader's own: no shared cache may keep it.
    const shared = key !== null && reply.getHeader('set-cookie') === undefined;
    this.send(request, reply, answer, shared ? policy.cacheControl : PRIVATE_CACHE, policy.vary);
  }

  /**
   * Routing depends on the method and URL alone, so the route a URL reached once is the one it
   * reaches again (GET and HEAD share their handler); its query is kept as the router parsed it.
   */
  private learnUrl(request: FastifyRequest, policy: PublicReadPolicy): void {
    const { url } = request;
    if ((request.method !== 'GET' && request.method !== 'HEAD') || this.knownUrls.has(url)) {
      return;
    }
    if (this.knownUrls.size >= DOOR_URLS) {
      this.knownUrls.delete(this.knownUrls.keys().next().value as string);
    }
    const query: unknown =
      typeof request.query === 'object' && request.query !== null
        ? Object.freeze(Object.assign(Object.create(null), request.query))
        : request.query;
    this.knownUrls.set(url, { policy, query });
  }

  private current(key: string): CachedRead | undefined {
    if (!this.signal.listening) {
      return undefined;
    }
    const entry = this.entries.get(key);
    if (!entry || entry.generation !== this.signal.generation) {
      return undefined;
    }
    if (entry.expiresAt !== Infinity && this.clock.now().getTime() >= entry.expiresAt) {
      return undefined;
    }
    entry.used = ++this.tick;
    return entry;
  }

  private obtain(key: string, render: () => Promise<RenderedRead>): Promise<CachedRead | RenderedRead> {
    const held = this.current(key);
    if (held) {
      return Promise.resolve(held);
    }
    // The generation before the render reads anything: a change during the render leaves it behind.
    const generation = this.signal.generation;
    const pending = this.rendering.get(key);
    if (pending?.generation === generation) {
      return pending.done;
    }
    const done = this.renderDated(render, key, generation).finally(() => {
      if (this.rendering.get(key)?.done === done) {
        this.rendering.delete(key);
      }
    });
    this.rendering.set(key, { generation, done });
    return done;
  }

  /**
   * Renders (RENDER_SLOTS at a time) between two readings of the database's read version: when they agree, the bytes show
   * exactly that version, and are dated by its change (the same date in every process). Kept under
   * `key` when given and the render was not crossed by a change.
   */
  private renderDated(render: () => Promise<RenderedRead>, key?: string, generation = -1): Promise<CachedRead | RenderedRead> {
    return this.renderSlots.run(() => this.renderBetweenVersions(render, key, generation));
  }

  private async renderBetweenVersions(
    render: () => Promise<RenderedRead>,
    key: string | undefined,
    generation: number,
  ): Promise<CachedRead | RenderedRead> {
    const before = await this.databaseVersion();
    const rendered = await render();
    if (rendered.status !== undefined && rendered.status !== 200) {
      return rendered;
    }
    const after = await this.databaseVersion();
    const settled = after.version === before.version;
    const previous = key === undefined ? undefined : this.entries.get(key);
    const entry = this.entryOf(rendered, generation, after.changedMs, settled ? previous : undefined);
    if (!settled) {
      // Bytes somewhere between two versions: dated by the later, and never validated by that date.
      entry.heldSinceMs = entry.lastModifiedMs + 1000;
      return entry;
    }
    return key === undefined ? entry : this.keep(key, entry, previous);
  }

  private async databaseVersion(): Promise<{ version: string; changedMs: number }> {
    const [row] = await this.em
      .getConnection()
      .execute<{ version: string; changed_ms: string | number }[]>(
        `select version::text as version, floor(extract(epoch from changed_at) * 1000)::float8 as changed_ms from read_version where id = 1`,
      );
    return { version: row.version, changedMs: Number(row.changed_ms) };
  }

  private keep(key: string, entry: CachedRead, previous: CachedRead | undefined): CachedRead {
    if (previous) {
      this.forget(key, previous);
    }
    const shared = this.bodies.get(entry.etag);
    if (shared) {
      shared.holders += 1;
      entry.body = shared.body;
    } else {
      this.bodies.set(entry.etag, { body: entry.body, holders: 1 });
      this.bytes += entry.body.length;
    }
    this.entries.set(key, entry);
    this.evictBeyondBudget(key);
    return entry;
  }

  /**
   * Last-Modified: kept when the bytes are those held before; otherwise the second of the change
   * the render saw, never in the future. Two renderings with different bytes in one second cannot
   * be told apart by date: the newer then validates by ETag only until the next change.
   */
  private entryOf(rendered: RenderedRead, generation: number, changedMs: number, previous: CachedRead | undefined): CachedRead {
    const body = Buffer.isBuffer(rendered.body) ? rendered.body : Buffer.from(rendered.body, 'utf8');
    const etag = etagOf(body);
    let lastModifiedMs: number;
    let heldSinceMs: number;
    if (previous?.etag === etag) {
      lastModifiedMs = previous.lastModifiedMs;
      heldSinceMs = previous.heldSinceMs;
    } else {
      lastModifiedMs = Math.floor(Math.min(changedMs, this.clock.now().getTime()) / 1000) * 1000;
      heldSinceMs = previous && previous.lastModifiedMs >= lastModifiedMs ? previous.lastModifiedMs + 1000 : lastModifiedMs;
    }
    return {
      generation,
      body,
      etag,
      lastModifiedMs,
      heldSinceMs,
      lastModified: new Date(lastModifiedMs).toUTCString(),
      headers: rendered.headers,
      expiresAt: rendered.validUntil ? rendered.validUntil.getTime() : Infinity,
      used: ++this.tick,
    };
  }

  private forget(key: string, entry: CachedRead): void {
    this.entries.delete(key);
    const shared = this.bodies.get(entry.etag);
    if (shared && --shared.holders === 0) {
      this.bodies.delete(entry.etag);
      this.bytes -= shared.body.length;
    }
  }

  private evictBeyondBudget(keep: string): void {
    while (this.bytes > READ_CACHE_BYTES && this.entries.size > 1) {
      let oldest: [string, CachedRead] | undefined;
      for (const pair of this.entries) {
        if (pair[0] !== keep && (!oldest || pair[1].used < oldest[1].used)) {
          oldest = pair;
        }
      }
      if (!oldest) {
        return;
      }
      this.forget(oldest[0], oldest[1]);
    }
  }

  private send(request: FastifyRequest, reply: FastifyReply, entry: CachedRead, cacheControl: string, vary: string | undefined): void {
    void reply.header('etag', entry.etag).header('last-modified', entry.lastModified).header('cache-control', cacheControl);
    if (vary) {
      void reply.header('vary', vary);
    }
    if (notModified(request, entry.etag, entry.heldSinceMs)) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).headers(entry.headers).send(entry.body);
  }
}
