import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Debian's python3 first: python3-icalendar, python3-vobject and libical's introspection
 * (scripts/ensure-services.sh installs them) land there, whatever other python3 the PATH names.
 */
export const PYTHON = ['/usr/bin/python3', ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'python3'))].find((path) =>
  existsSync(path),
);

/** `describe`, or `describe.skip` on a machine with no python3 at all (never for a missing package). */
export const describeWithPython = PYTHON ? describe : describe.skip;

const SCRIPT = join(__dirname, 'ics-check.py');

export interface CheckedEvent {
  file: string;
  uid: string;
  start: string | null;
  end: string | null;
  /** SUMMARY as Python's icalendar reads it. */
  summary: string;
  /** DESCRIPTION as Python's icalendar reads it ('' when there is none). */
  description: string;
}

export interface IcsCheckResult {
  /** The events of each calendar, by the name it was given. */
  events: Map<string, CheckedEvent[]>;
  /** One line per problem: "FAIL <name>: why". */
  problems: string[];
}

/**
 * Reads calendars with Python's icalendar and vobject and with libical (test/support/ics-check.py):
 * each must be accepted, with lines of at most 75 octets, a VTIMEZONE for every TZID, each DTEND
 * after its DTSTART, and the parsers agreeing on every instant. One process for all of them.
 */
export function icsCheck(calendars: ReadonlyMap<string, string>): IcsCheckResult {
  if (!PYTHON) {
    throw new Error('python3 is needed to read calendars with icalendar, vobject and libical');
  }
  const dir = mkdtempSync(join(tmpdir(), 'ics-check-'));
  try {
    const files = new Map<string, string>();
    [...calendars].forEach(([name, text], index) => {
      const file = join(dir, `${index}.ics`);
      writeFileSync(file, text, 'utf8');
      files.set(file, name);
    });
    const run = spawnSync(PYTHON, [SCRIPT, ...files.keys()], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (run.error) {
      throw run.error;
    }
    if (/No module named/.test(run.stdout)) {
      throw new Error(
        `${PYTHON} lacks a calendar parser; scripts/ensure-services.sh installs python3-icalendar python3-vobject gir1.2-ical-3.0 python3-gi:\n${run.stdout.slice(0, 2000)}`,
      );
    }
    const events = new Map<string, CheckedEvent[]>([...calendars.keys()].map((name) => [name, []]));
    const problems: string[] = [];
    for (const line of run.stdout.split('\n')) {
      if (line.startsWith('{')) {
        const event = JSON.parse(line) as CheckedEvent;
        const name = files.get(event.file) ?? event.file;
        events.get(name)?.push({ ...event, file: name });
      } else if (line.startsWith('FAIL ')) {
        const [file, ...why] = line.slice(5).split(': ');
        problems.push(`FAIL ${files.get(file) ?? file}: ${why.join(': ')}`);
      }
    }
    if (run.status !== 0 && problems.length === 0) {
      throw new Error(`ics-check.py ended with ${run.status}: ${run.stderr.slice(0, 2000)}`);
    }
    return { events, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
