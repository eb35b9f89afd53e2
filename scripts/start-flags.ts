import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/project-root';

/**
 * The Node flags of `npm run start:api` or `start:worker` (the worker's heap cap, say), so the
 * demo, the benchmarks and the fault suite start each process exactly as production does.
 */
export function startFlags(role: 'api' | 'worker'): string[] {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.[`start:${role}`];
  if (!script?.startsWith('node ')) {
    throw new Error(`package.json has no start:${role} script that runs node.`);
  }
  return script.split(/\s+/).filter((arg) => arg.startsWith('--'));
}
