import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/project-root';
import type { Figure } from './support';

/**
 * npm run bench: runs every benchmark, built, one after the other, each appending its figures
 * to one file (BENCH_RESULTS); then writes bench/REPORT.md (figure, goal, ratio, pass or fail,
 * and the memory peaks of the API and the worker) and prints the same table.
 */
const BENCHES = ['programme', 'feed', 'public-reads', 'enrolment', 'reminder', 'meetings'];

interface Recorded {
  bench: string;
  figures: Figure[];
}

function run(bench: string, results: string): Promise<number> {
  const script = join(PROJECT_ROOT, 'dist', 'bench', `${bench}.bench.js`);
  if (!existsSync(script)) {
    process.stderr.write(`${script} is missing: npm run build first.\n`);
    return Promise.resolve(1);
  }
  process.stdout.write(`\n== ${bench}\n`);
  const child = spawn(process.execPath, [script], { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS: results } });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

/** How far the value is from the goal's bound: below 1 is inside for "<", above 1 for "≥". */
function ratio(figure: Figure): string {
  const match = /^\s*(<=?|≤|>=?|≥|=)\s*([\d.,\s]+)/.exec(figure.goal ?? '');
  if (!match) {
    return '';
  }
  const bound = Number(match[2].replace(/[,\s]/g, ''));
  return bound > 0 ? `${(figure.value / bound).toFixed(2)}×` : '';
}

function format(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toFixed(1);
}

function table(recorded: Recorded[], failed: string[]): string {
  const rows = recorded.flatMap((r) =>
    r.figures.map(
      (f) =>
        `| ${f.figure} | ${format(f.value)} ${f.unit} | ${f.goal ?? ''} | ${ratio(f)} | ${f.pass === undefined ? '' : f.pass ? 'pass' : '**fail**'} |`,
    ),
  );
  const crashed = failed.map((bench) => `| ${bench}: the benchmark did not finish | — | | | **fail** |`);
  return ['| figure | value | goal | ratio | result |', '|---|---|---|---|---|', ...rows, ...crashed].join('\n');
}

function memory(recorded: Recorded[]): string {
  const peaks = recorded.flatMap((r) => r.figures.filter((f) => /peak RSS/i.test(f.figure)));
  if (peaks.length === 0) {
    return 'No benchmark recorded a memory peak.';
  }
  return peaks.map((f) => `- ${f.figure}: ${format(f.value)} ${f.unit}${f.goal ? ` (goal ${f.goal})` : ''}`).join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  const results = join(dir, 'results.jsonl');
  writeFileSync(results, '');
  const loadBefore = loadavg();
  const failed: string[] = [];
  const started = Date.now();
  for (const bench of BENCHES.filter((b) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(b))) {
    if ((await run(bench, results)) !== 0) {
      failed.push(bench);
    }
  }
  const recorded = readFileSync(results, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Recorded);
  rmSync(dir, { recursive: true, force: true });
  const loadAfter = loadavg();
  const goals = recorded.flatMap((r) => r.figures).filter((f) => f.pass !== undefined);
  const body = table(recorded, failed);
  const report = [
    '# Benchmark report',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${Math.round((Date.now() - started) / 1000)} s: ${cpus().length} cores, Node ${process.version}, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before and ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after. On a shared machine the figures are noisy: run it two or three times before reading much into one.`,
    '',
    `Goals met: ${goals.filter((f) => f.pass).length} of ${goals.length}.${failed.length ? ` Did not finish: ${failed.join(', ')}.` : ''}`,
    '',
    body,
    '',
    '## Memory peaks',
    '',
    memory(recorded),
    '',
  ].join('\n');
  writeFileSync(join(PROJECT_ROOT, 'bench', 'REPORT.md'), report);
  process.stdout.write(`\n${body}\n\nMemory peaks:\n${memory(recorded)}\n\nWritten to bench/REPORT.md\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
