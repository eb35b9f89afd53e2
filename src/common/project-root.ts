import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json above ${start}`);
    }
    dir = parent;
  }
  return dir;
}

/** The project folder, whether running from src/ (tests) or dist/ (built). */
export const PROJECT_ROOT = findProjectRoot(__dirname);
