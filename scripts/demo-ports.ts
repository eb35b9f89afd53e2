import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename } from 'node:path';

/*
 * The ports npm run demo opens, checked before anything starts: a taken one stops the demo at
 * once with a sentence naming the port, what holds it and the variable that moves it.
 */

/** A failure the demo explains in one sentence, without a stack trace. */
export class DemoError extends Error {}

/** Each port the demo opens, the variable that moves it, and what runs there. */
export interface DemoPort {
  name: string;
  variable: string;
  port: number;
  host: string;
}

export function port(variable: string, fallback: number, name: string, host = '127.0.0.1'): DemoPort {
  const raw = process.env[variable] ?? String(fallback);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new DemoError(`${variable}=${raw} is not a port number (1 to 65535).`);
  }
  return { name, variable, port: value, host };
}

function listens(port: number, host: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** A process's command as its command line says it: "node dist/src/main.js", "redis-server"; null when unknown. */
function commandOf(pid: string): string | null {
  try {
    const [program, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const script = /(?:^|\/)node$/.test(program) ? args.find((arg) => !arg.startsWith('-')) : undefined;
    return [basename(program), script].filter(Boolean).join(' ') || null;
  } catch {
    return null;
  }
}

/** Who listens on a port, as `ss` (or `lsof`) can tell: "redis-server (pid 123)", or null. */
function listener(port: number): string | null {
  const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const found = /users:\(\("([^"]+)",pid=(\d+)/.exec(ss.stdout ?? '');
  if (found) {
    return `${commandOf(found[2]) ?? found[1]} (pid ${found[2]})`;
  }
  const lsof = spawnSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { encoding: 'utf8' });
  const pid = /^p(\d+)$/m.exec(lsof.stdout ?? '');
  const command = /^c(.+)$/m.exec(lsof.stdout ?? '');
  return pid && command ? `${commandOf(pid[1]) ?? command[1]} (pid ${pid[1]})` : null;
}

/** Every port the demo will open, checked before anything starts: a taken one stops the demo at once, saying how to move it. */
export async function checkPorts(ports: DemoPort[]): Promise<void> {
  for (const entry of ports) {
    const error = await listens(entry.port, entry.host);
    if (!error) {
      continue;
    }
    const how = `set ${entry.variable} to a free port, e.g. ${entry.variable}=${entry.port + 1} npm run demo`;
    if (error.code === 'EADDRINUSE') {
      const who = listener(entry.port);
      throw new DemoError(
        `Port ${entry.port}, for the demo's ${entry.name}, is already in use${who ? ` by ${who}` : ' by another program'}: stop it, or ${how}.`,
      );
    }
    if (error.code === 'EACCES') {
      throw new DemoError(`Port ${entry.port}, for the demo's ${entry.name}, may not be opened by this user: ${how}.`);
    }
    throw new DemoError(`Port ${entry.port}, for the demo's ${entry.name}, cannot be opened (${error.code ?? error.message}): ${how}.`);
  }
}
