import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Duration } from 'luxon';
import { RemindersService } from '../../src/deadlines/reminders.service';
import { Message } from '../../src/outbox/message.entity';
import { Outbox } from '../../src/outbox/outbox.service';
import { QueueName, reminderJobId } from '../../src/queues/job-catalogue';
import { composeMessage, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';
import { PrivateRedis } from '../support/private-redis';

const HOUR = 3_600_000;

describe('Deadline reminders and the outbox', () => {
  let h: Harness;
  let queue: Queue;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
    queue = h.app.get<Queue>(getQueueToken(QueueName.Reminders));
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });

  async function edition() {
    const forum = await createForum(h, { status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const registered = await createOrganisation(h, { name: unique('Issy') });
    const korean = await createOrganisation(h, { name: unique('Seocho'), country: 'KR', kind: 'district' });
    const french = await createOrganisation(h, { name: unique('Dijon') });
    const contacts = {
      registered: await createContact(h, registered.id, { email: `${unique('issy')}@ville.test` }),
      korean: await createContact(h, korean.id, { firstName: '민지', lastName: '김', locale: 'ko', email: `${unique('seocho')}@gu.test` }),
      french: await createContact(h, french.id, { firstName: 'Bertrand', lastName: 'Fort', email: `${unique('dijon')}@ville.test` }),
    };
    await invite(h, forum.id, [registered.id, korean.id, french.id]);
    expect((await call('POST', `${base}/registrations`, { organisationId: registered.id })).statusCode).toBe(201);
    return { forum, base, contacts };
  }

  async function deadline(base: string, dueAt: Date, reminderOffsets: string[]) {
    const response = await call('POST', `${base}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' },
      dueAt: dueAt.toISOString(),
      timeZone: 'Europe/Paris',
      reminderOffsets,
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>();
  }

  it('schedules one delayed job per future offset, skips past ones, and moves or removes them with the deadline', async () => {
    const { base } = await edition();
    const created = await deadline(base, new Date(Date.now() + 10 * 24 * HOUR), ['P14D', 'P3D', 'PT2H']);

    expect(await queue.getJob(reminderJobId(created.id, 'P14D'))).toBeUndefined();
    const threeDays = await queue.getJob(reminderJobId(created.id, 'P3D'));
    expect(threeDays?.opts.delay).toBeGreaterThan(7 * 24 * HOUR - 60_000);
    expect(threeDays?.opts.delay).toBeLessThan(7 * 24 * HOUR + 60_000);
    expect(await queue.getJob(reminderJobId(created.id, 'PT2H'))).toBeDefined();

    await call('PATCH', `${base}/deadlines/${created.id}`, { dueAt: new Date(Date.now() + 20 * 24 * HOUR).toISOString() });
    const moved = await queue.getJob(reminderJobId(created.id, 'P3D'));
    expect(moved?.opts.delay).toBeGreaterThan(17 * 24 * HOUR - 60_000);

    await call('PATCH', `${base}/deadlines/${created.id}`, { reminderOffsets: ['P1D'] });
    expect(await queue.getJob(reminderJobId(created.id, 'P3D'))).toBeUndefined();
    expect(await queue.getJob(reminderJobId(created.id, 'P1D'))).toBeDefined();

    await call('DELETE', `${base}/deadlines/${created.id}`);
    expect(await queue.getJob(reminderJobId(created.id, 'P1D'))).toBeUndefined();
  });

  it('reminds, when it fires, exactly those who have not acted, in their language', async () => {
    const { base, contacts } = await edition();
    await deadline(base, new Date(Date.now() + 4_000), ['PT3S']);

    const korean = await h.smtp.waitFor((m) => m.envelopeTo.includes(contacts.korean.email as string));
    const french = await h.smtp.waitFor((m) => m.envelopeTo.includes(contacts.french.email as string));

    expect(korean.parsed.subject).toMatch(/^알림: 참가 의향 확인/);
    expect(korean.parsed.text).toContain('서울 시간');
    expect(french.parsed.subject).toMatch(/^Rappel : Confirmer votre intérêt — avant le \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Paris\)$/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The registered organisation got its receipt, and no reminder.
    const toRegistered = h.smtp.received.filter((m) => m.envelopeTo.includes(contacts.registered.email as string));
    expect(toRegistered.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Intérêt enregistré/)]);
  });

  it('writes a Korean contact’s reminder in Korean throughout: the organisation by its Korean name, and what it has not done', async () => {
    const forum = await createForum(h, { status: 'published', title: { fr: '2e Forum franco-coréen', ko: '제2회 한불 지방정부 포럼' } });
    const base = `/api/forums/${forum.id}`;
    const seocho = await createOrganisation(h, {
      name: unique('Seocho-gu'),
      nameKo: '서초구',
      country: 'KR',
      kind: 'district',
      defaultLocale: 'ko',
    });
    const contact = await createContact(h, seocho.id, {
      firstName: '민지',
      lastName: '김',
      locale: 'ko',
      email: `${unique('seocho')}@gu.test`,
    });
    await invite(h, forum.id, [seocho.id]);
    const created = await deadline(base, new Date(Date.now() + HOUR + 30_000), ['PT1H']);
    await queue.remove(reminderJobId(created.id, 'PT1H'));

    expect(await h.app.get(RemindersService).fire(created.id, 'PT1H')).toBe('sent');

    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(contact.email as string));
    const text = mail.parsed.text ?? '';
    expect(mail.parsed.subject).toMatch(/^알림: 참가 의향 확인 — \d{4}-\d{2}-\d{2} \d{2}:\d{2}\(서울\)까지$/);
    expect(text).toContain('서초구에 남은 절차가 있습니다');
    expect(text).toContain('(아직 신청하지 않음)');
    expect(text).toContain('제2회 한불 지방정부 포럼');
    // Links aside, not a word of another language: no French name, no English reason.
    expect(text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    expect(mail.parsed.html).toContain('(아직 신청하지 않음)');
  });

  it('writes each reminder once, however often it fires, and skips a deadline deleted or an offset removed', async () => {
    const { base, forum } = await edition();
    const created = await deadline(base, new Date(Date.now() + 30 * 24 * HOUR), []);
    await call('PATCH', `${base}/deadlines/${created.id}`, {
      dueAt: new Date(Date.now() + HOUR + 30_000).toISOString(),
      reminderOffsets: ['PT1H'],
    });
    await queue.remove(reminderJobId(created.id, 'PT1H'));
    const reminders = h.app.get(RemindersService);

    expect(await reminders.fire(created.id, 'PT1H')).toBe('sent');
    expect(await reminders.fire(created.id, 'PT1H')).toBe('sent');
    const rows = await h.em.fork().find(Message, { forumId: forum.id, kind: 'deadline_reminder' });
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.recipient)).size).toBe(2);

    expect(await reminders.fire(created.id, 'P3D')).toBe('skipped');
    await call('DELETE', `${base}/deadlines/${created.id}`);
    expect(await reminders.fire(created.id, 'PT1H')).toBe('skipped');
  });

  it('writes and sends a reminder to more contacts than its first slices hold, each once', async () => {
    const forum = await createForum(h, { status: 'published' });
    const organisations = [await createOrganisation(h), await createOrganisation(h)];
    const tag = unique('many');
    for (let i = 0; i < 70; i += 1) {
      await createContact(h, organisations[i % 2].id, { email: `${tag}-${i}@ville.test`, lastName: `N${i}` });
    }
    await invite(
      h,
      forum.id,
      organisations.map((o) => o.id),
    );
    const created = await deadline(`/api/forums/${forum.id}`, new Date(Date.now() + HOUR + 30_000), ['PT1H']);
    await queue.remove(reminderJobId(created.id, 'PT1H'));

    expect(await h.app.get(RemindersService).fire(created.id, 'PT1H')).toBe('sent');

    await h.smtp.waitFor(
      () => new Set(h.smtp.received.filter((m) => m.envelopeTo[0]?.startsWith(tag)).map((m) => m.envelopeTo[0])).size === 70,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.smtp.received.filter((m) => m.envelopeTo[0]?.startsWith(tag))).toHaveLength(70);
    expect(await h.em.fork().count(Message, { forumId: forum.id, kind: 'deadline_reminder' })).toBe(70);
  });

  it('rebuilds reminder jobs that Redis lost', async () => {
    const { base } = await edition();
    const created = await deadline(base, new Date(Date.now() + 10 * 24 * HOUR), ['P3D', 'P1D']);
    await queue.remove(reminderJobId(created.id, 'P3D'));
    await queue.remove(reminderJobId(created.id, 'P1D'));

    expect(await h.app.get(RemindersService).reconcile()).toBeGreaterThanOrEqual(2);
    expect(await queue.getJob(reminderJobId(created.id, 'P3D'))).toBeDefined();
    expect(await queue.getJob(reminderJobId(created.id, 'P1D'))).toBeDefined();
  });

  it('sends, late and once, a reminder whose time came while Redis had lost it; never one already past when its deadline was written', async () => {
    const { base, contacts } = await edition();
    const lost = await deadline(base, new Date(Date.now() + 60_000), ['PT57S']);
    const skipped = await deadline(base, new Date(Date.now() + HOUR / 2), ['PT1H']);
    // Lost before it fired; its time then passes with nothing in Redis.
    await queue.remove(reminderJobId(lost.id, 'PT57S'));
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(await queue.getJob(reminderJobId(lost.id, 'PT57S'))).toBeUndefined();

    await h.app.get(RemindersService).reconcile();

    await h.smtp.waitFor((m) => m.envelopeTo.includes(contacts.french.email as string) && /^Rappel/.test(m.parsed.subject ?? ''), 15_000);
    expect(await queue.getJob(reminderJobId(skipped.id, 'PT1H'))).toBeUndefined();
    // Run again: the finished job is still in Redis, so nothing is added and nobody gets it twice.
    await h.app.get(RemindersService).reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      h.smtp.received.filter((m) => m.envelopeTo.includes(contacts.french.email as string) && /^Rappel/.test(m.parsed.subject ?? '')),
    ).toHaveLength(1);
    expect(await h.em.fork().count(Message, { dedupeKey: { $like: `reminder-${lost.id}-%` } })).toBe(2);
    expect(await h.em.fork().count(Message, { dedupeKey: { $like: `reminder-${skipped.id}-%` } })).toBe(0);
  });

  describe('the outbox', () => {
    it('lists an edition’s messages without their data, cancels one not sent, and refuses to retry one that was not failed', async () => {
      const forum = await createForum(h);
      const later = await composeMessage(h, { forumId: forum.id, scheduledFor: new Date(Date.now() + 24 * HOUR) });

      const list = await call('GET', `/api/forums/${forum.id}/messages?kind=forum_created`);
      expect(list.json().total).toBe(2);
      expect(list.body).not.toContain('"data"');

      const cancelled = await call('POST', `/api/forums/${forum.id}/messages/${later.id}/cancel`);
      expect(cancelled.json().status).toBe('cancelled');
      const again = await call('POST', `/api/forums/${forum.id}/messages/${later.id}/cancel`);
      expect(again.statusCode).toBe(409);
      const retry = await call('POST', `/api/forums/${forum.id}/messages/${later.id}/retry`);
      expect(retry.statusCode).toBe(409);
      expect((await call('POST', `/api/forums/${forum.id}/messages/00000000-0000-4000-8000-000000000000/retry`)).statusCode).toBe(404);
    });

    it('sends a failed message again on retry', async () => {
      const forum = await createForum(h);
      const message = await composeMessage(h, { forumId: forum.id, recipient: 'retry@passerelle.test' });
      await h.em.fork().nativeUpdate(Message, { id: message.id }, { status: 'failed', lastError: '451 try later' });

      const retried = await call('POST', `/api/forums/${forum.id}/messages/${message.id}/retry`);
      expect(retried.statusCode).toBe(200);
      await h.smtp.waitFor((m) => m.envelopeTo.includes('retry@passerelle.test'));
    });
  });
});

describe('Unsubscribing from reminders', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  it('carries List-Unsubscribe headers, and a one-click POST stops further reminders of that kind', async () => {
    const forum = await createForum(h, { status: 'published' });
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id, { email: `${unique('unsub')}@ville.test` });
    await invite(h, forum.id, [organisation.id]);
    const post = (url: string, payload?: Record<string, unknown>) => h.app.inject({ method: 'POST', url, headers: auth, payload });
    const deadline = (
      await post(`/api/forums/${forum.id}/deadlines`, {
        kind: 'interest',
        title: { fr: 'Intérêt' },
        dueAt: new Date(Date.now() + 3_600_000 + 20_000).toISOString(),
        timeZone: 'Europe/Paris',
        reminderOffsets: ['PT1H'],
      })
    ).json<{ id: string }>();
    const reminders = h.app.get(RemindersService);
    await reminders.fire(deadline.id, 'PT1H');

    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(contact.email as string));
    // Read off the raw message: these headers are what mail clients act on.
    const headers = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).toMatch(/^Content-Language: fr$/m);
    const url = new URL(/^List-Unsubscribe: <([^>]+)>$/m.exec(headers)?.[1] as string);

    const described = await h.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(described.json()).toMatchObject({ kind: 'deadline_reminder' });
    const forged = await h.app.inject({
      method: 'POST',
      url: `${url.pathname}?token=${encodeURIComponent(`${contact.id}.deadline_reminder.${'A'.repeat(32)}`)}`,
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('LINK_INVALID');
    const done = await h.app.inject({ method: 'POST', url: `${url.pathname}${url.search}` });
    expect(done.json()).toEqual({ unsubscribed: 'deadline_reminder' });

    const second = (
      await post(`/api/forums/${forum.id}/deadlines`, {
        kind: 'interest',
        title: { fr: 'Encore' },
        dueAt: new Date(Date.now() + 3_600_000 + 20_000).toISOString(),
        timeZone: 'Europe/Paris',
        reminderOffsets: ['PT1H'],
      })
    ).json<{ id: string }>();
    await reminders.fire(second.id, 'PT1H');
    expect(await h.em.fork().count(Message, { recipient: contact.email as string, kind: 'deadline_reminder' })).toBe(1);
  });
});

describe('After Redis loses everything (FLUSHALL)', () => {
  let redis: PrivateRedis;
  let h: Harness;
  let queue: Queue;

  beforeAll(async () => {
    // A Redis of this file's own: FLUSHALL on the shared one would wipe other files' queues.
    redis = await PrivateRedis.start();
    h = await startHarness({ worker: true, env: { REDIS_URL: redis.url } });
    queue = h.app.get<Queue>(getQueueToken(QueueName.Reminders));
  });

  afterAll(async () => {
    await h?.close();
    await redis?.stop();
  });

  const post = (url: string, payload: Record<string, unknown>) => h.app.inject({ method: 'POST', url, headers: auth, payload });

  async function deadline(forumId: string, dueAt: Date, reminderOffsets: string[]) {
    const response = await post(`/api/forums/${forumId}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Confirmer votre intérêt' },
      dueAt: dueAt.toISOString(),
      timeZone: 'Europe/Paris',
      reminderOffsets,
    });
    expect(response.statusCode).toBe(201);
    return { id: response.json<{ id: string }>().id, dueAt, reminderOffsets };
  }

  it('rebuilds, in one reconcile, every pending reminder with its id and delay, and the one due soon fires once', async () => {
    const forum = await createForum(h, { status: 'published' });
    const organisations = [await createOrganisation(h), await createOrganisation(h, { country: 'KR', kind: 'district' })];
    const emails = [`${unique('flush')}@ville.test`, `${unique('flush')}@gu.test`];
    await createContact(h, organisations[0].id, { email: emails[0] });
    await createContact(h, organisations[1].id, { email: emails[1], locale: 'ko', firstName: '민지', lastName: '김' });
    await invite(
      h,
      forum.id,
      organisations.map((o) => o.id),
    );
    const day = 24 * HOUR;
    const deadlines = [
      await deadline(forum.id, new Date(Date.now() + 10 * day), ['P14D', 'P3D', 'P1D', 'PT2H']),
      await deadline(forum.id, new Date(Date.now() + 5 * day + HOUR), ['P2D', 'PT1H']),
      // Fires about 4 s from now: after the flush and the reconcile.
      await deadline(forum.id, new Date(Date.now() + 8_000), ['PT4S']),
    ];
    const expected = deadlines
      .flatMap((d) =>
        d.reminderOffsets.map((offset) => ({ deadlineId: d.id, offset, at: d.dueAt.getTime() - Duration.fromISO(offset).toMillis() })),
      )
      .filter((r) => r.at > Date.now() + 1_000);
    expect(expected).toHaveLength(6);
    const later = await composeMessage(h, { forumId: forum.id, scheduledFor: new Date(Date.now() + HOUR) });
    await h.app.get(Outbox).queueAfterCommit([later]);
    const mailQueue = h.app.get<Queue>(getQueueToken(QueueName.Mail));
    expect(await mailQueue.getJob(later.id)).toBeDefined();

    const client = new Redis(redis.url);
    try {
      expect(await client.flushall()).toBe('OK');
    } finally {
      client.disconnect();
    }
    for (const r of expected) {
      expect(await queue.getJob(reminderJobId(r.deadlineId, r.offset))).toBeUndefined();
    }
    const worker = h.worker as NonNullable<Harness['worker']>;

    // What the maintenance job runs.
    const rebuilt = { messages: await worker.get(Outbox).reconcile(), reminders: await worker.get(RemindersService).reconcile() };

    expect(rebuilt.reminders).toBe(expected.length);
    expect(rebuilt.messages).toBeGreaterThanOrEqual(1);
    for (const r of expected) {
      const job = await queue.getJob(reminderJobId(r.deadlineId, r.offset));
      expect(job?.id).toBe(reminderJobId(r.deadlineId, r.offset));
      expect(job?.data).toEqual({ deadlineId: r.deadlineId, offset: r.offset });
      // The delay counts from when the job was added again, and still lands on the reminder's time.
      expect(Math.abs((job?.timestamp ?? 0) + (job?.opts.delay ?? 0) - r.at)).toBeLessThan(1_000);
    }
    expect(await queue.getJob(reminderJobId(deadlines[0].id, 'P14D'))).toBeUndefined();
    const mailJob = await mailQueue.getJob(later.id);
    expect(Math.abs((mailJob?.timestamp ?? 0) + (mailJob?.opts.delay ?? 0) - later.scheduledFor.getTime())).toBeLessThan(1_000);

    for (const email of emails) {
      await h.smtp.waitFor((m) => m.envelopeTo.includes(email) && /^(Rappel|알림)/.test(m.parsed.subject ?? ''), 15_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const email of emails) {
      expect(h.smtp.received.filter((m) => m.envelopeTo.includes(email) && /^(Rappel|알림)/.test(m.parsed.subject ?? ''))).toHaveLength(1);
    }
    expect(await h.em.fork().count(Message, { forumId: forum.id, kind: 'deadline_reminder', status: 'sent' })).toBe(2);
  });
});
