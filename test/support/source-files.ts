import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` whose name matches `pattern` (TypeScript sources by default), at any depth. */
export function sourceFiles(dir: string, pattern: RegExp = /\.ts$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path, pattern) : pattern.test(entry.name) ? [path] : [];
  });
}
