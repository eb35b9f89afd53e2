import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/ports';

const run = promisify(execFile);

/** Debian's PostgreSQL binaries (the newest installed version). */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) {
    throw new Error('No PostgreSQL binaries under /usr/lib/postgresql (Debian: apt-get install postgresql).');
  }
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

// PostgreSQL refuses to run as root: as root, its commands run as the postgres system user.
const AS_ROOT = process.getuid?.() === 0;

async function asOwner(command: string, args: string[]): Promise<string> {
  const { stdout } = AS_ROOT ? await run('runuser', ['-u', 'postgres', '--', command, ...args]) : await run(command, args);
  return stdout;
}

/**
 * A PostgreSQL server of its own (data in a temporary folder, trust auth, a free port), which a
 * test may stop and start at will without touching anyone else's.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-pg-'));
    if (AS_ROOT) {
      const { uid, gid } = await postgresUser();
      chownSync(dir, uid, gid);
    }
    const bin = binaries();
    await asOwner(join(bin, 'initdb'), [
      '-D',
      join(dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--locale=C.UTF-8',
    ]);
    const server = new PrivatePostgres(dir, await freePort(), bin);
    await server.resume();
    return server;
  }

  get serverUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  /** Stops the server as an administrator would (fast: open sessions are cut). */
  async stop(): Promise<void> {
    await asOwner(join(this.bin, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  async resume(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    await asOwner(join(this.bin, 'pg_ctl'), [
      '-D',
      join(this.dir, 'data'),
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  async destroy(): Promise<void> {
    await asOwner(join(this.bin, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
