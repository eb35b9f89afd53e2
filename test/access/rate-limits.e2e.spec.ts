import { Redis } from 'ioredis';
import { Harness, startHarness, unique } from '../support/harness';
import { until } from '../support/ports';
import { PrivateRedis } from '../support/private-redis';

const PROXY = '10.9.0.1';

/**
 * Sign-in and magic-link requests are limited per email and per client address. The address is
 * the connection's unless it comes from a proxy named in TRUSTED_PROXIES, and the counts live in
 * Redis, so every API process sees the same ones.
 */
describe('Rate limits', () => {
  let h: Harness;
  let other: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { TRUSTED_PROXIES: '10.9.0.0/16' } });
    // A second API process on the same database and the same Redis prefix.
    other = await startHarness({ env: { DATABASE_URL: process.env.DATABASE_URL as string, QUEUE_PREFIX: h.queuePrefix } });
  });

  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  const askSignIn = (app: Harness, email: string, remoteAddress: string, forwardedFor?: string) =>
    app.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in-links',
      remoteAddress,
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
      payload: { email },
    });

  it('does not take X-Forwarded-For from a client that is not a named proxy: rotating it changes nothing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      statuses.push((await askSignIn(h, `${unique('rotate')}@example.test`, '192.0.2.10', `198.51.100.${i}`)).statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('takes the client from X-Forwarded-For when a named proxy forwards it, and only the hop the proxy saw', async () => {
    // Twenty-one clients behind the proxy: each its own count.
    for (let i = 0; i < 21; i += 1) {
      expect((await askSignIn(h, `${unique('behind')}@example.test`, PROXY, `203.0.113.${i}`)).statusCode).toBe(202);
    }
    // One client that writes its own X-Forwarded-For before the proxy appends the real address.
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      statuses.push((await askSignIn(h, `${unique('spoof')}@example.test`, PROXY, `198.51.100.${i}, 203.0.113.200`)).statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('counts in Redis, so two API processes share the limit of one email', async () => {
    const email = `${unique('shared')}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await askSignIn(i % 2 === 0 ? h : other, email, `192.0.2.${100 + i}`)).statusCode);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    const refused = await askSignIn(other, email, '192.0.2.99');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(900);
  });

  it('keeps no email address in Redis keys', async () => {
    const email = `${unique('private')}@example.test`;
    await askSignIn(h, email, '192.0.2.150');
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${h.queuePrefix}:rate:*`).finally(() => redis.disconnect());
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain(email);
    expect(keys.join(' ')).not.toContain('192.0.2.150');
  });
});

describe('Rate limits without Redis', () => {
  let redis: PrivateRedis;
  let h: Harness;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    h = await startHarness({ env: { REDIS_URL: redis.url } });
  });

  afterAll(async () => {
    await h?.close();
    await redis?.stop();
  });

  it('fails closed with 503 problem details while Redis is down, at once, and limits again when it is back', async () => {
    const email = `${unique('outage')}@example.test`;
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/sign-in-links', payload: { email } })).statusCode).toBe(202);
    await redis.stop();

    for (const [url, payload] of [
      ['/api/auth/sign-in-links', { email }],
      ['/api/access-links', { email, forumId: '00000000-0000-4000-8000-000000000000' }],
      ['/api/auth/sessions', { token: 'sil_unknown' }],
    ] as const) {
      const started = Date.now();
      const response = await h.app.inject({ method: 'POST', url, payload });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 503 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(3_000);
    }

    await redis.resume();
    await until(
      async () => (await h.app.inject({ method: 'POST', url: '/api/auth/sign-in-links', payload: { email } })).statusCode === 202,
      15_000,
      'the API to count again',
    );
  });
});
