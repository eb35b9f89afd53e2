import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFlags } from '../../../scripts/start-flags';
import { PROJECT_ROOT } from '../../../src/common/project-root';
import { until } from '../../support/ports';

export type Role = 'api' | 'worker';

const ENTRY: Record<Role, string> = {
  api: join(PROJECT_ROOT, 'dist', 'src', 'main.js'),
  worker: join(PROJECT_ROOT, 'dist', 'src', 'worker.js'),
};

/** The built API or worker as a real process, its output kept in a log file for the post-mortem. */
export class ServiceProcess {
  private exit?: Promise<void>;

  private constructor(
    readonly role: Role,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static spawn(role: Role, env: Record<string, string>, logFile: string): ServiceProcess {
    if (!existsSync(ENTRY[role])) {
      throw new Error(`${ENTRY[role]} is missing: run npm run build first.`);
    }
    const child = spawn(process.execPath, [...startFlags(role), ENTRY[role]], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    return new ServiceProcess(role, child, logFile);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get exitStatus(): string {
    return `${this.role} exit code ${this.child.exitCode}, signal ${this.child.signalCode}`;
  }

  /** Resident memory at its highest so far (VmHWM), in bytes; 0 once the process is gone. */
  peakRss(): number {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  logs(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** Waits until the log says the process is up (the worker) or its port answers (the API). */
  async ready(baseUrl?: string): Promise<void> {
    await until(
      async () => {
        if (!this.running) {
          throw new Error(`${this.exitStatus} before it was ready:\n${this.logs().slice(-4_000)}`);
        }
        if (!baseUrl) {
          return this.logs().includes('Worker started');
        }
        try {
          await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      `the ${this.role} to start`,
    );
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.running) {
      this.child.kill(signal);
    }
    await this.exit;
  }
}
