import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { sourceFiles } from './support/source-files';

/**
 * The rooms of src/ import one way. Each top-level folder is a room; a room may import only the
 * rooms below it in this order (a room's own sub-folders, dto/ or desk/, are part of it). The
 * root files (main.ts, app.module.ts, …) compose everything and no room imports them. A change
 * that must reach a higher room goes through a job or a domain event (src/events/), not an import.
 */
const ORDER = [
  // platform
  'common',
  'config',
  'database',
  'queues',
  'access',
  'logging',
  'events',
  'reads',
  'outbox',
  'audit',
  'ical',
  // domains, in the order they build on each other
  'organisations',
  'forums',
  'programme',
  'deadlines',
  'auth',
  'participation',
  'meetings',
  // read models and jobs over the domains
  'feeds',
  'maintenance',
  'notifications',
  'replies',
  'demo',
  // the edges
  'health',
  'web',
];

const SRC = join(__dirname, '..', 'src');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

interface Import {
  file: string;
  target: string;
}

/** The room a path under src/ belongs to; null for the root files. */
function roomOf(path: string): string | null {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? parts[0] : null;
}

/** Every relative import in src/, type-only ones included (a type is a dependency too). */
function imports(): Import[] {
  return sourceFiles(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((match) => ({ file, target: resolve(dirname(file), match[1]) })),
  );
}

/** Room → rooms it imports, with one example file each. */
function roomGraph(all: Import[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const { file, target } of all) {
    const from = roomOf(file);
    const to = roomOf(target);
    if (from === null || to === null || from === to || !target.startsWith(SRC)) {
      continue;
    }
    const edges = graph.get(from) ?? new Map<string, string>();
    if (!edges.has(to)) {
      edges.set(to, relative(SRC, file));
    }
    graph.set(from, edges);
  }
  return graph;
}

/** The cycles of a directed graph (one per strongly connected component of more than one room). */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) {
        found.push(component.sort());
      }
    }
  };
  for (const node of graph.keys()) {
    if (!index.has(node)) {
      visit(node);
    }
  }
  return found;
}

describe('the rooms of src/', () => {
  const all = imports();
  const graph = roomGraph(all);

  it('reads the imports it judges', () => {
    // A regular expression that matched nothing would pass every rule below.
    expect(all.length).toBeGreaterThan(500);
    expect(graph.get('participation')?.has('programme')).toBe(true);
  });

  it('each have a declared place in the order', () => {
    const rooms = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(rooms.filter((room) => !ORDER.includes(room))).toEqual([]);
  });

  it('import one another without a cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('import only the rooms below them', () => {
    const upward: string[] = [];
    for (const [from, edges] of graph) {
      for (const [to, example] of edges) {
        if (ORDER.indexOf(to) > ORDER.indexOf(from)) {
          upward.push(`${from} → ${to} (${example})`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('never import the root files that compose them', () => {
    const intoRoot = all.filter(({ file, target }) => roomOf(file) !== null && target.startsWith(SRC) && roomOf(target) === null);
    expect(intoRoot.map(({ file }) => relative(SRC, file))).toEqual([]);
  });

  it('need no forwardRef between modules', () => {
    const tangled = sourceFiles(SRC).filter((file) => /\bforwardRef\s*\(/.test(readFileSync(file, 'utf8')));
    expect(tangled.map((file) => relative(SRC, file))).toEqual([]);
  });
});

describe('the cycle finder', () => {
  const graphOf = (edges: [string, string][]) => {
    const graph = new Map<string, Map<string, string>>();
    for (const [from, to] of edges) {
      graph.set(from, (graph.get(from) ?? new Map<string, string>()).set(to, `${from}.ts`));
    }
    return graph;
  };

  it('finds a cycle through three rooms', () => {
    expect(
      cycles(
        graphOf([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'd'],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('finds none in a one-way graph', () => {
    expect(
      cycles(
        graphOf([
          ['web', 'forums'],
          ['forums', 'common'],
          ['web', 'common'],
        ]),
      ),
    ).toEqual([]);
  });
});
