import type { MikroORM } from '@mikro-orm/postgresql';
import { Forum } from '../src/forums/forum.entity';
import { Invitation } from '../src/forums/invitation.entity';
import { Contact } from '../src/organisations/contact.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Session, SessionHost } from '../src/programme/session.entity';
import { Delegate, Registration } from '../src/registrations/registration.entity';
import { fail, percentile, withBenchApp } from './support';

/**
 * 200 simultaneous enrolments at a 30-seat field visit through the HTTP API. Prints how many got
 * a seat (must be 30), how many wait (170, numbered 1 to 170 in the order they got the lock),
 * and p50/p99 latency (target: p99 under 100 ms).
 */
const REQUESTS = 200;
const SEATS = 30;

interface Seeded {
  forumId: string;
  registrationId: string;
  sessionId: string;
  delegateIds: string[];
}

async function seed(orm: MikroORM): Promise<Seeded> {
  const em = orm.em.fork();
  const forum = new Forum({ slug: 'bench-enrolment', editionNumber: 2, title: { fr: 'Forum de mesure' }, hostCountry: 'KR', timeZone: 'Asia/Seoul' });
  forum.status = 'published';
  forum.startDate = '2024-09-24';
  forum.endDate = '2024-09-26';
  const organisation = new Organisation({ name: 'Issy-les-Moulineaux', country: 'FR', kind: 'commune' });
  const registration = new Registration({ forum, organisation });
  const session = new Session({ forum, kind: 'field_visit', title: { fr: 'Visite des éco-quartiers' }, startsAt: new Date('2024-09-25T05:00:00Z'), endsAt: new Date('2024-09-25T08:00:00Z') });
  session.capacity = SEATS;
  session.status = 'published';
  session.venueName = 'Fort d’Issy';
  const delegates = Array.from({ length: REQUESTS }, (_, i) => {
    const contact = new Contact({ organisation, firstName: `Délégué ${i}`, lastName: 'Mesure', email: `delegue-${i}@bench.example` });
    return new Delegate({ registration, contact, role: 'staff' });
  });
  em.persist([forum, organisation, new Invitation({ forum, organisation }), registration, session, new SessionHost({ session, organisation, role: 'host' }), ...delegates]);
  await em.flush();
  return { forumId: forum.id, registrationId: registration.id, sessionId: session.id, delegateIds: delegates.map((d) => d.id) };
}

async function main(): Promise<void> {
  let seeded: Seeded | undefined;
  await withBenchApp(
    async (orm) => {
      seeded = await seed(orm);
    },
    async ({ baseUrl, token }) => {
      const s = seeded as Seeded;
      const headers = { authorization: `Bearer ${token}` };
      // Warm the connection pool and the code paths on another session's reads.
      await Promise.all(Array.from({ length: 10 }, () => fetch(`${baseUrl}/api/forums/${s.forumId}/sessions/${s.sessionId}`, { headers })));
      const results = await Promise.all(
        s.delegateIds.map(async (delegateId) => {
          const started = process.hrtime.bigint();
          const response = await fetch(`${baseUrl}/api/forums/${s.forumId}/registrations/${s.registrationId}/delegates/${delegateId}/enrolments/${s.sessionId}`, { method: 'PUT', headers });
          const body = (await response.json()) as { status: string; waitlistPosition: number | null };
          return { ms: Number(process.hrtime.bigint() - started) / 1e6, status: response.status, body };
        }),
      );
      const failed = results.filter((r) => r.status !== 200);
      const confirmed = results.filter((r) => r.body.status === 'confirmed').length;
      const positions = results.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.waitlistPosition ?? 0);
      const inOrder = positions.sort((a, b) => a - b).every((p, i) => p === i + 1);
      const timings = results.map((r) => r.ms).sort((a, b) => a - b);
      const p99 = percentile(timings, 99);
      process.stdout.write(
        `enrolments: ${REQUESTS} at once on a ${SEATS}-seat visit over HTTP\n` +
          `  confirmed ${confirmed} (must be ${SEATS}) · waitlisted ${positions.length} (must be ${REQUESTS - SEATS}), positions 1..${positions.length} ${inOrder ? 'each once' : 'NOT each once'} · failed ${failed.length}\n` +
          `  p50 ${percentile(timings, 50).toFixed(1)} ms · p99 ${p99.toFixed(1)} ms · max ${timings[timings.length - 1].toFixed(1)} ms (target: p99 < 100 ms: ${p99 < 100 ? 'met' : 'NOT met'})\n`,
      );
      // The same request one at a time (leave, then enrol again): what one enrolment costs alone.
      const alone: number[] = [];
      for (const delegateId of s.delegateIds.slice(0, 40)) {
        const url = `${baseUrl}/api/forums/${s.forumId}/registrations/${s.registrationId}/delegates/${delegateId}/enrolments/${s.sessionId}`;
        await fetch(url, { method: 'DELETE', headers });
        const started = process.hrtime.bigint();
        await (await fetch(url, { method: 'PUT', headers })).json();
        alone.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      alone.sort((a, b) => a - b);
      process.stdout.write(`  one at a time: p50 ${percentile(alone, 50).toFixed(1)} ms · p99 ${percentile(alone, 99).toFixed(1)} ms\n`);
      if (confirmed !== SEATS || failed.length > 0 || !inOrder) {
        throw new Error('The seat guarantee did not hold.');
      }
    },
  );
}

main().catch(fail);
