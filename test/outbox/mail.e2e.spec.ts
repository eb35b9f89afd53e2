import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Message } from '../../src/outbox/message.entity';
import { MessageSender } from '../../src/outbox/message-sender.service';
import { type MessageDraft, Outbox } from '../../src/outbox/outbox.service';
import { QueueName } from '../../src/queues/job-catalogue';
import { parseEvents, textOf } from '../support/ics';
import { composeMessage, createForum, forumCreatedData } from '../support/factories';
import { Harness, ORGANISERS_EMAIL, startHarness } from '../support/harness';

async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('Condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Creating a forum emails the organisers through the outbox and the mail queue', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  it('sends HTML and text with a text/calendar PUBLISH part that a parser reads, and marks the row sent', async () => {
    const forum = await createForum(h);

    const mail = await h.smtp.waitFor((m) => m.parsed.text?.includes(forum.slug) ?? false);

    expect(mail.envelopeTo).toEqual([ORGANISERS_EMAIL]);
    expect(mail.parsed.subject).toBe('Édition créée : 2e Forum franco-coréen');
    expect(mail.parsed.html).toContain('<h1 style="font-size:20px">2e Forum franco-coréen</h1>');
    expect(mail.parsed.text).toContain('Dates : 24–26 septembre 2024');
    expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/i);

    const invite = mail.parsed.attachments.find((a) => a.contentType === 'application/ics' || a.contentType === 'text/calendar');
    expect(invite).toBeDefined();
    const icsText = invite!.content.toString('utf8');
    expect(icsText).toContain('METHOD:PUBLISH');
    expect(icsText).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Asia\/Seoul/);
    expect(icsText).toContain('DTSTART;VALUE=DATE:20240924');
    expect(icsText).toContain('DTEND;VALUE=DATE:20240927');
    expect(icsText).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);

    const events = parseEvents(icsText);
    expect(events).toHaveLength(1);
    expect(events[0].uid).toBe(`forum-${forum.id}@passerelle`);
    expect(events[0].datetype).toBe('date');
    expect(textOf(events[0].summary)).toBe('2e Forum franco-coréen');

    const row = await eventually(() => h.em.fork().findOne(Message, { forumId: forum.id, status: 'sent' }));
    expect(row).toMatchObject({
      kind: 'forum_created',
      recipient: ORGANISERS_EMAIL,
      attempts: 1,
      lastError: null,
      template: 'forum-created',
    });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.smtpMessageId).toBe(mail.parsed.messageId);
  });

  it('rebuilds a mail job that Redis lost, and sends it once', async () => {
    const queue = h.app.get<Queue>(getQueueToken(QueueName.Mail));
    const forum = await createForum(h);
    const outbox = h.app.get(Outbox);
    const message = await composeMessage(h, {
      recipient: 'lost@passerelle.test',
      locale: 'en',
      forumId: forum.id,
      data: forumCreatedData({ title: 'Lost and found' }),
    });
    expect(await queue.getJob(message.id)).toBeUndefined();

    expect(await outbox.reconcile()).toBeGreaterThanOrEqual(1);

    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes('lost@passerelle.test'));
    expect(mail.parsed.subject).toBe('Edition created: Lost and found');
    expect(mail.parsed.text).toContain('Dates: not fixed yet');
    await eventually(() => h.em.fork().findOne(Message, { id: message.id, status: 'sent' }));
    await outbox.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.smtp.received.filter((m) => m.envelopeTo.includes('lost@passerelle.test'))).toHaveLength(1);
  });

  it('records an SMTP refusal, and ends the message failed on its last attempt', async () => {
    const sender = h.app.get(MessageSender);
    const message = await composeMessage(h, { locale: 'ko', data: forumCreatedData({ title: '포럼' }) });
    h.smtp.refuseNext = 2;

    await expect(sender.send(message.id, { finalAttempt: false })).rejects.toThrow();
    const afterFirst = await h.em.fork().findOneOrFail(Message, { id: message.id });
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 1 });
    expect(afterFirst.lastError).toContain('451');

    await expect(sender.send(message.id, { finalAttempt: true })).rejects.toThrow();
    expect(await h.em.fork().findOneOrFail(Message, { id: message.id })).toMatchObject({ status: 'failed', attempts: 2 });
    expect(await sender.send(message.id, { finalAttempt: true })).toBe('skipped');
  });

  it('fails a message at once, without retrying, when its template lacks a field', async () => {
    const sender = h.app.get(MessageSender);
    const message = await composeMessage(h, { recipient: 'incomplete@passerelle.test', data: { title: 'Sans dates' } });

    await expect(sender.send(message.id, { finalAttempt: false })).rejects.toThrow(/editionNumber/);
    const row = await h.em.fork().findOneOrFail(Message, { id: message.id });
    expect(row.status).toBe('failed');
    expect(h.smtp.received.some((m) => m.envelopeTo.includes('incomplete@passerelle.test'))).toBe(false);
  });

  it('records as failed a message whose job gave up while its row could not be written', async () => {
    const outbox = h.app.get(Outbox);
    const message = await composeMessage(h, { recipient: 'unrecorded@passerelle.test', data: { title: 'Sans dates' } });
    await outbox.queueAfterCommit([message]);
    const mailQueue = h.app.get<Queue>(getQueueToken(QueueName.Mail));
    await waitUntil(async () => (await mailQueue.getJob(message.id))?.isFailed() ?? false);
    // What a final failure during a PostgreSQL outage leaves: the job failed, the row still queued.
    await h.em.fork().nativeUpdate(Message, { id: message.id }, { status: 'queued', lastError: null });

    await outbox.reconcile();

    const row = await h.em.fork().findOneOrFail(Message, { id: message.id });
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/editionNumber/);
  });

  it('writes a fan-out as given, whatever its text holds, sends each message once, and a second run adds nothing', async () => {
    const outbox = h.app.get(Outbox);
    // Written and queued as a fan-out does it: no business row to commit with.
    const fanOut = async (drafts: MessageDraft[]) => {
      const waiting = await outbox.write(h.em.fork(), drafts);
      await outbox.queueAfterCommit(waiting);
      return waiting.length;
    };
    const forum = await createForum(h);
    const title = `L'Haÿ-les-Roses "centre" \\ 서울? 50% $1 \n ?::jsonb`;
    const drafts = ['a', 'b', 'c'].map((letter) => ({
      kind: 'forum_created',
      recipient: `fanout-${letter}@passerelle.test`,
      locale: 'fr' as const,
      template: 'forum-created',
      dedupeKey: `fanout-${forum.id}-${letter}`,
      scheduledFor: new Date(),
      forumId: forum.id,
      data: forumCreatedData({ title }),
    }));

    expect(await fanOut(drafts)).toBe(3);

    for (const letter of ['a', 'b', 'c']) {
      const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(`fanout-${letter}@passerelle.test`));
      // A subject is one line: the newline in the title becomes a space.
      expect(mail.parsed.subject).toBe(`Édition créée : ${title.replace(/\s+/g, ' ')}`);
    }
    const rows = await eventually(async () => {
      const found = await h.em.fork().find(Message, { dedupeKey: { $like: `fanout-${forum.id}-%` }, status: 'sent' });
      return found.length === 3 ? found : null;
    });
    expect(rows.map((r) => r.data.title)).toEqual([title, title, title]);
    expect(rows.every((r) => r.attempts === 1 && r.sentAt instanceof Date && r.smtpMessageId)).toBe(true);
    expect(await fanOut(drafts)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.smtp.received.filter((m) => m.envelopeTo[0]?.startsWith('fanout-'))).toHaveLength(3);
  });
});
