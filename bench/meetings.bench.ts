import { scheduleFirstFit, scheduleMeetings } from '../src/meetings/scheduler';
import type { Schedule, UnplacedMeeting, Violation } from '../src/meetings/schedule.types';
import { suggestPartners } from '../src/meetings/suggestions';
import { makeEdition, makeMeetings } from './meetings-data';
import { fail, percentile, recordFigures } from './support';

/**
 * The mise en relation's pure core, in this process (it is a function, not a server): partner
 * suggestions for 300 registered authorities (goal < 200 ms), and 400 accepted meeting requests
 * placed into 12 blocks × 20 tables with 8 interpreters (goal < 2 s), against first-fit, which the
 * scheduler must at least equal. Same seed, same edition, every run.
 */
const SEED = 2024;
const AUTHORITIES = 300;
const REQUESTS = 400;
const SUGGESTION_RUNS = 30;
const SCHEDULE_RUNS = 9;
const WARM_UP = 2;

/**
 * Wall-clock timings of `runs` runs after a warm-up, sorted, and the CPU time of each: on a machine
 * shared with other work the wall clock waits for the CPU, the CPU time says what the work costs.
 */
function time<T>(runs: number, work: () => T): { timings: number[]; cpu: number[]; result: T } {
  let result = work();
  for (let i = 1; i < WARM_UP; i += 1) {
    result = work();
  }
  const timings: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    const usage = process.cpuUsage();
    result = work();
    const used = process.cpuUsage(usage);
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    cpu.push((used.user + used.system) / 1000);
  }
  return { timings: timings.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b), result };
}

/** Left out whatever the plan: in every block, an agenda (not another meeting) stands in the way. */
function impossible(unplaced: UnplacedMeeting): boolean {
  const fixed = (v: Violation) =>
    v.code === 'interpreter_unavailable' || ((v.code === 'delegation_busy' || v.code === 'interpreter_busy') && v.with.kind !== 'meeting');
  const ruledOut = (violations: Violation[]) =>
    violations.some((v) => v.code === 'delegation_busy' && fixed(v)) || (violations.length > 0 && violations.every(fixed));
  return (
    unplaced.code === 'no_blocks' ||
    unplaced.code === 'no_qualified_interpreter' ||
    unplaced.blocks.every((block) => ruledOut(block.violations))
  );
}

function interpreted(schedule: Schedule): number {
  return schedule.placed.filter((p) => p.interpreterId !== null).length;
}

function main(): void {
  const edition = makeEdition(SEED, AUTHORITIES);
  const suggestions = time(SUGGESTION_RUNS, () => suggestPartners(edition.authorities, edition.partnerships));
  const listed = suggestions.result.reduce((n, list) => n + list.suggestions.length, 0);
  const renewals = suggestions.result.reduce((n, list) => n + list.suggestions.filter((s) => s.relation === 'renew').length, 0);
  process.stdout.write(
    `meetings: ${AUTHORITIES} authorities, ${edition.partnerships.length} partnerships; ${listed} suggestions listed (${renewals} to renew)\n`,
  );

  const input = makeMeetings(SEED, edition.authorities, REQUESTS);
  const needing = input.meetings.filter((m) => m.interpretation !== null).length;
  const ours = time(SCHEDULE_RUNS, () => scheduleMeetings(input));
  const firstFit = time(SCHEDULE_RUNS, () => scheduleFirstFit(input));
  const placed = ours.result.placed.length;
  const baseline = firstFit.result.placed.length;
  const outOfReach = ours.result.unplaced.filter(impossible).length;
  process.stdout.write(
    `meetings: ${REQUESTS} accepted requests (${needing} need interpretation) into ${input.blocks.length} blocks × ${input.blocks[0].tableIds.length} tables (${input.blocks.length * input.blocks[0].tableIds.length} places), ${input.interpreters.length} interpreters; ${outOfReach} cannot be placed whatever the plan\n`,
  );
  process.stdout.write(
    `meetings: scheduler ${placed} placed (${interpreted(ours.result)} interpreted), first-fit ${baseline} (${interpreted(firstFit.result)} interpreted)\n`,
  );

  const suggestMedian = percentile(suggestions.timings, 50);
  const scheduleMedian = percentile(ours.timings, 50);
  recordFigures('meetings', [
    {
      figure: `meetings: suggestions for ${AUTHORITIES} authorities, median`,
      value: suggestMedian,
      unit: 'ms',
      goal: '< 200 ms',
      pass: suggestMedian < 200,
    },
    { figure: 'meetings: suggestions, p95', value: percentile(suggestions.timings, 95), unit: 'ms' },
    { figure: 'meetings: suggestions, CPU time, median', value: percentile(suggestions.cpu, 50), unit: 'ms' },
    {
      figure: `meetings: scheduling ${REQUESTS} requests (12 blocks × 20 tables, 8 interpreters), median`,
      value: scheduleMedian,
      unit: 'ms',
      goal: '< 2000 ms',
      pass: scheduleMedian < 2000,
    },
    { figure: 'meetings: scheduling, p95', value: percentile(ours.timings, 95), unit: 'ms' },
    { figure: 'meetings: scheduling, CPU time, median', value: percentile(ours.cpu, 50), unit: 'ms' },
    { figure: 'meetings: first-fit scheduling, median', value: percentile(firstFit.timings, 50), unit: 'ms' },
    { figure: 'meetings: placed by the scheduler', value: placed, unit: 'meetings' },
    { figure: 'meetings: placed by first-fit', value: baseline, unit: 'meetings' },
    {
      figure: 'meetings: placed by the scheduler against first-fit',
      value: (100 * placed) / Math.max(1, baseline),
      unit: '%',
      goal: '≥ 100%',
      pass: placed >= baseline,
    },
    { figure: 'meetings: requests no plan can place (agendas, interpreters)', value: outOfReach, unit: 'meetings' },
  ]);
}

try {
  main();
} catch (error) {
  fail(error);
}
