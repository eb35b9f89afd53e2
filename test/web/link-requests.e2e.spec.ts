import { performance } from 'node:perf_hooks';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AfterResponse } from '../../src/database/after-response';
import { WorkerModule } from '../../src/worker.module';
import { createContact, createForum, createOrganisation, invite, userWithToken } from '../support/factories';
import { Harness, startHarness, unique } from '../support/harness';

// 120 timed requests and 60 emails: on a busy machine that takes longer than a test's usual 30 s.
const TIMEOUT_MS = 120_000;
// Each known address may ask 5 times a quarter hour: 12 of them give 60 samples.
const ADDRESSES = 12;
const PER_ADDRESS = 5;
const SAMPLES = ADDRESSES * PER_ADDRESS;
// The two paths differed by 46 ms or more; what is left must be noise, which on two busy cores
// moves the medians of 60 samples by up to about 4 ms.
const MEDIANS_WITHIN_MS = 8;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Asking for a sign-in link or a magic link must not tell whether an address is known: the same
 * answer, as fast, whatever happens after it. Many samples of each path, interleaved, each request
 * from its own client address (behind the test's proxy) and after the previous one's work is done.
 */
describe('Sign-in and magic-link requests say nothing about an address', () => {
  let h: Harness;
  let worker: INestApplicationContext | undefined;
  let ip = 0;

  beforeAll(async () => {
    h = await startHarness({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
  });

  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  async function timed(url: string, payload: Record<string, unknown>): Promise<{ ms: number; status: number; body: string }> {
    ip += 1;
    const headers = { 'x-forwarded-for': `10.30.${Math.floor(ip / 250)}.${ip % 250}` };
    const started = performance.now();
    const response = await h.app.inject({ method: 'POST', url, headers, payload });
    const ms = performance.now() - started;
    await h.app.get(AfterResponse).idle();
    return { ms, status: response.statusCode, body: response.body };
  }

  async function compare(url: string, known: string[], extra: Record<string, unknown>): Promise<void> {
    // Warm-up, not counted: the first calls compile the code of both paths.
    for (let i = 0; i < 3; i += 1) {
      await timed(url, { email: `${unique('warm')}@example.test`, ...extra });
    }
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    const bodies = new Set<string>();
    for (let i = 0; i < SAMPLES; i += 1) {
      const ask = async (email: string, into: number[]) => {
        const { ms, status, body } = await timed(url, { email, ...extra });
        expect(status).toBe(202);
        bodies.add(body);
        into.push(ms);
      };
      const knownAsk = () => ask(known[i % ADDRESSES], knownMs);
      const unknownAsk = () => ask(`${unique('nobody')}@example.test`, unknownMs);
      // Alternate which goes first, so that neither path always follows the other.
      if (i % 2 === 0) {
        await knownAsk();
        await unknownAsk();
      } else {
        await unknownAsk();
        await knownAsk();
      }
    }
    expect(bodies.size).toBe(1);
    const gap = Math.abs(median(knownMs) - median(unknownMs));
    expect({
      known: Math.round(median(knownMs) * 10) / 10,
      unknown: Math.round(median(unknownMs) * 10) / 10,
      within: gap < MEDIANS_WITHIN_MS,
    }).toEqual(expect.objectContaining({ within: true }));
  }

  /** The emails go out once the timings are taken: a worker sending in this process would only add noise to them. */
  async function mailsTo(address: string, count: number): Promise<void> {
    if (!worker) {
      worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      await worker.init();
    }
    const deadline = Date.now() + 20_000;
    while (h.smtp.received.filter((m) => m.envelopeTo.includes(address)).length < count) {
      if (Date.now() > deadline) {
        throw new Error(`${address} received ${h.smtp.received.filter((m) => m.envelopeTo.includes(address)).length} of ${count} emails`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it(
    'answers a sign-in request for an account and for a stranger alike, and the link still arrives',
    async () => {
      const users = [];
      for (let i = 0; i < ADDRESSES; i += 1) {
        users.push((await userWithToken(h, 'organiser')).user.email);
      }
      await compare('/api/auth/sign-in-links', users, {});
      for (const email of users) {
        await mailsTo(email, PER_ADDRESS);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'answers a magic-link request for an invited contact and for a stranger alike, and the link still arrives',
    async () => {
      const forum = await createForum(h);
      const organisation = await createOrganisation(h);
      await invite(h, forum.id, [organisation.id]);
      const contacts = [];
      for (let i = 0; i < ADDRESSES; i += 1) {
        contacts.push(String((await createContact(h, organisation.id, { email: `${unique('maire')}@ville.test` })).email));
      }
      await compare('/api/access-links', contacts, { forumId: forum.id });
      for (const email of contacts) {
        await mailsTo(email, PER_ADDRESS);
      }
    },
    TIMEOUT_MS,
  );
});
