import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTransport } from 'nodemailer';
import { SmtpSink } from '../scripts/smtp-sink';
import { Deadline } from '../src/deadlines/deadline.entity';
import { RemindersService } from '../src/deadlines/reminders.service';
import { Forum } from '../src/forums/forum.entity';
import { Invitation } from '../src/forums/invitation.entity';
import { Contact } from '../src/organisations/contact.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { WorkerModule } from '../src/worker.module';
import { fail, withBenchApp } from './support';

/**
 * A deadline reminder to 10,000 recipients, end to end (job fires → recipients chosen → outbox
 * rows → mail jobs → rendered → SMTP), into a local sink that only counts, against a bare
 * nodemailer loop into the same sink. Goals: the pipeline reaches 60% of the bare loop; the
 * first message leaves within 1 s of the reminder's time; the process stays under 250 MB.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const BARE = 2_000;

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function seed(orm: MikroORM): Promise<void> {
  const em = orm.em.fork();
  const forum = new Forum({ slug: 'bench-reminders', editionNumber: 2, title: { fr: 'Forum de mesure', ko: '벤치마크 포럼' }, hostCountry: 'KR', timeZone: 'Asia/Seoul' });
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

async function main(): Promise<void> {
  const sink = new SmtpSink({ parse: false });
  process.env.SMTP_URL = await sink.start();
  await withBenchApp(seed, async () => {
    // The bare loop: nodemailer, pooled as the worker is, with a message of the same size.
    const transport = createTransport(`${process.env.SMTP_URL as string}?pool=true&maxConnections=5`);
    const html = `<html><body>${'<p>Rappel : Confirmer votre intérêt — avant le 2024-03-15 23:59 (Paris)</p>'.repeat(12)}</body></html>`;
    const bareStart = process.hrtime.bigint();
    await Promise.all(Array.from({ length: BARE }, (_, i) => transport.sendMail({ from: 'bench@passerelle.example', to: `bare-${i}@bench.example`, subject: 'Rappel', html, text: html })));
    const bareRate = BARE / (Number(process.hrtime.bigint() - bareStart) / 1e9);
    transport.close();

    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    try {
      const reminders = worker.get(RemindersService);
      const fork = worker.get(MikroORM).em.fork();
      const forum = await fork.findOneOrFail(Forum, { slug: 'bench-reminders' });
      const fireAt = Date.now() + 2_000;
      const deadline = new Deadline({ forum, kind: 'interest', title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' }, dueAt: new Date(fireAt + 3_600_000), timeZone: 'Europe/Paris' });
      deadline.reminderOffsets = ['PT1H'];
      await fork.persist(deadline).flush();
      const before = sink.count;
      await reminders.schedule(deadline);
      await until(() => sink.count > before, 60_000);
      const firstAfterMs = Date.now() - fireAt;
      await until(() => sink.count >= before + RECIPIENTS, 15 * 60_000);
      const seconds = (Date.now() - fireAt) / 1000;
      const rate = RECIPIENTS / seconds;
      process.stdout.write(
        `reminder to ${RECIPIENTS} recipients through the whole pipeline\n` +
          `  first message ${firstAfterMs} ms after the reminder's time (goal ≤ 1000 ms: ${firstAfterMs <= 1000 ? 'met' : 'NOT met'})\n` +
          `  ${rate.toFixed(0)} messages/s; bare nodemailer loop ${bareRate.toFixed(0)} messages/s: ${((100 * rate) / bareRate).toFixed(0)}% (goal ≥ 60%: ${rate >= 0.6 * bareRate ? 'met' : 'NOT met'})\n` +
          `  peak RSS of this process (API-less worker, sink and bench together) ${(peakRss / 1024 / 1024).toFixed(0)} MB (goal < 250 MB for the worker)\n`,
      );
    } finally {
      clearInterval(sampler);
      await worker.close();
      await sink.stop();
    }
  });
}

main().catch(fail);
