import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { createTransport } from 'nodemailer';
import { SmtpSink } from '../scripts/smtp-sink';
import { startFlags } from '../scripts/start-flags';
import { PROJECT_ROOT } from '../src/common/project-root';
import { Deadline } from '../src/deadlines/deadline.entity';
import { RemindersService } from '../src/deadlines/reminders.service';
import { Forum } from '../src/forums/forum.entity';
import { Invitation } from '../src/forums/invitation.entity';
import { pooledSmtpUrl, SMTP_POOL_SIZE } from '../src/outbox/mailer.service';
import { Message } from '../src/outbox/message.entity';
import { TemplateService } from '../src/outbox/template.service';
import { Contact } from '../src/organisations/contact.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { QueueName } from '../src/queues/job-catalogue';
import { fail, recordFigures, withBenchApp } from './support';

/**
 * A deadline reminder to 10,000 recipients, end to end (job fires → recipients chosen → outbox
 * rows → mail jobs → rendered → SMTP), sent by the built worker in its own process into a local
 * sink that only counts; in the same run, a bare nodemailer loop into the same sink, pooled as
 * the worker is, sends the same rendered reminder. Goals: the pipeline reaches 60% of the bare
 * loop; the first message leaves within 1 s of the reminder's time; the worker stays under 250 MB.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const BARE = Number(process.env.BENCH_BARE ?? 4_000);
// Room for the worker to start and sit idle before the reminder's time.
const LEAD_MS = 3_000;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 2): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function seed(orm: MikroORM): Promise<void> {
  const em = orm.em.fork();
  const forum = new Forum({
    slug: 'bench-reminders',
    editionNumber: 2,
    title: { fr: 'Forum de mesure', ko: '벤치마크 포럼' },
    hostCountry: 'KR',
    timeZone: 'Asia/Seoul',
  });
  forum.status = 'published';
  em.persist(forum);
  for (let i = 0; i < RECIPIENTS; i += 1) {
    const organisation = new Organisation({ name: `Collectivité ${i}`, country: i % 2 ? 'KR' : 'FR', kind: 'commune' });
    const contact = new Contact({ organisation, firstName: `Prénom ${i}`, lastName: 'Mesure', email: `contact-${i}@bench.example` });
    contact.locale = i % 3 === 0 ? 'ko' : 'fr';
    em.persist([organisation, contact, new Invitation({ forum, organisation })]);
    if (i % 2_000 === 1_999) {
      await em.flush();
      em.clear();
      em.persist(forum);
    }
  }
  await em.flush();
}

/** Peak resident set of a process so far, in bytes (Linux: VmHWM). */
function peakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) {
    throw new Error(`No VmHWM for process ${pid}`);
  }
  return Number(match[1]) * 1024;
}

/** The bare loop: nodemailer alone, the same pool, the same rendered reminder and headers. */
async function bareLoop(smtpUrl: string): Promise<number> {
  const sample = JSON.parse(readFileSync(join(PROJECT_ROOT, 'templates', 'mail', 'deadline-reminder', 'sample.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const rendered = new TemplateService().render('deadline-reminder', 'fr', sample);
  const headers = {
    'Content-Language': 'fr',
    'List-Unsubscribe': `<${String(sample.unsubscribeUrl)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
  const transport = createTransport(pooledSmtpUrl(smtpUrl));
  const send = (i: number) =>
    transport.sendMail({ from: 'Passerelle <passerelle@bench.example>', to: `bare-${i}@bench.example`, ...rendered, headers });
  try {
    // A short warm-up, so both sides are measured with connections open and code compiled.
    await Promise.all(Array.from({ length: 200 }, (_, i) => send(i)));
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: BARE }, (_, i) => send(i)));
    return BARE / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    transport.close();
  }
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const sink = new SmtpSink({ parse: false });
  process.env.SMTP_URL = await sink.start();
  await withBenchApp(seed, async ({ app }) => {
    const bareRate = await bareLoop(process.env.SMTP_URL as string);

    // The built worker, alone in its process and started as `npm run start:worker` starts it: its
    // memory is its own. withBenchApp has set the bench database and a fresh queue prefix here.
    // BENCH_WORKER_NODE_ARGS passes flags to the worker's node, e.g. --cpu-prof to see where its time goes.
    const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const worker = spawn(process.execPath, [...nodeArgs, ...startFlags('worker'), join(PROJECT_ROOT, 'dist', 'src', 'worker.js')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const mailQueue = app.get<Queue>(getQueueToken(QueueName.Mail));
      const remindersQueue = app.get<Queue>(getQueueToken(QueueName.Reminders));
      await until(async () => (await mailQueue.getWorkers()).length > 0 && (await remindersQueue.getWorkers()).length > 0, 30_000, 50);

      const em = app.get(MikroORM).em.fork();
      const forum = await em.findOneOrFail(Forum, { slug: 'bench-reminders' });
      const fireAt = Date.now() + LEAD_MS;
      const deadline = new Deadline({
        forum,
        kind: 'interest',
        title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' },
        dueAt: new Date(fireAt + 3_600_000),
        timeZone: 'Europe/Paris',
      });
      deadline.reminderOffsets = ['PT1H'];
      await em.persist(deadline).flush();
      const before = sink.count;
      await app.get(RemindersService).schedule(deadline);

      await until(() => sink.count > before, 60_000);
      const firstAfterMs = Date.now() - fireAt;
      await until(() => sink.count >= before + RECIPIENTS, 15 * 60_000);
      const seconds = (Date.now() - fireAt) / 1000;
      const rate = RECIPIENTS / seconds;
      const workerPeak = peakRss(worker.pid as number);
      // Every message recorded sent, and none sent twice.
      const recorded = app.get(EntityManager).fork();
      await until(async () => (await recorded.count(Message, { kind: 'deadline_reminder', status: 'sent' })) === RECIPIENTS, 30_000, 50);
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (sink.count - before !== RECIPIENTS) {
        throw new Error(`The sink received ${sink.count - before} reminders for ${RECIPIENTS} recipients`);
      }

      process.stdout.write(
        `reminder to ${RECIPIENTS} recipients through the whole pipeline (worker process, ${SMTP_POOL_SIZE} SMTP connections; bare loop: ${BARE} messages, same pool)\n`,
      );
      recordFigures('reminder', [
        {
          figure: 'reminder: first message after the reminder’s time',
          value: firstAfterMs,
          unit: 'ms',
          goal: '≤ 1000 ms',
          pass: firstAfterMs <= 1000,
        },
        { figure: 'reminder: pipeline throughput', value: Math.round(rate), unit: 'messages/s' },
        { figure: 'reminder: bare nodemailer loop into the same sink', value: Math.round(bareRate), unit: 'messages/s' },
        {
          figure: 'reminder: pipeline against the bare loop',
          value: Math.round((100 * rate) / bareRate),
          unit: '%',
          goal: '≥ 60%',
          pass: rate >= 0.6 * bareRate,
        },
        {
          figure: 'reminder: worker peak RSS',
          value: Math.round(workerPeak / 1024 / 1024),
          unit: 'MB',
          goal: '< 250 MB',
          pass: workerPeak < 250 * 1024 * 1024,
        },
      ]);
    } finally {
      await stopWorker(worker);
      await sink.stop();
      // Ten thousand finished jobs would otherwise stay in the shared Redis for a week.
      for (const name of Object.values(QueueName)) {
        await app.get<Queue>(getQueueToken(name)).obliterate({ force: true });
      }
    }
  });
}

main().catch(fail);
