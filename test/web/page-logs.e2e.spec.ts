import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/project-root';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { type Harness, startHarness } from '../support/harness';

const API = join(PROJECT_ROOT, 'dist', 'src', 'main.js');

interface LogLine {
  request?: { id: string; url: string };
  response?: { statusCode: number };
}

describe('Request logs of the pages (the built API process)', () => {
  let h: Harness;
  let api: ChildProcess;
  let output = '';
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    h = await startHarness();
    api = spawn(process.execPath, [API], {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (
      !(await fetch(`${base}/health`)
        .then((r) => r.ok)
        .catch(() => false))
    ) {
      if (Date.now() > deadline) {
        throw new Error(`The API did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(async () => {
    api?.kill('SIGTERM');
    await new Promise((resolve) => api?.once('exit', resolve));
    await h?.close();
  });

  it('writes one line per page request and never the magic link, in the URL or in the cookie it becomes', async () => {
    const forum = await createForum(h);
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id);
    await invite(h, forum.id, [organisation.id]);
    const { token } = await accessTokenFor(h, contact.id, forum.id);

    const landing = await fetch(`${base}/access?token=${token}`, { redirect: 'manual' });
    expect(landing.status).toBe(303);
    expect(landing.headers.get('set-cookie')).toContain('pa_member=');
    expect((await fetch(`${base}/sign-in`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    const of = (path: string) => lines.filter((line) => line.request?.url.split('?')[0] === path && line.response);
    expect(of('/access')).toHaveLength(1);
    expect(of('/sign-in')).toHaveLength(1);
    // The signed cookie holds the token verbatim: neither it nor the URL may reach a line.
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.slice(4));
  });
});
