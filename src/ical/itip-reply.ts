/** One attendee's answer in an iTIP REPLY (RFC 5546 §3.2.3). */
export interface AttendeeAnswer {
  /** The address of the ATTENDEE's mailto: URI, as written. */
  email: string;
  /** PARTSTAT, upper-case: ACCEPTED, DECLINED, TENTATIVE… (NEEDS-ACTION when absent). */
  partstat: string;
}

/** What a calendar sent by email turns out to be. */
export type ItipMessage =
  | { kind: 'reply'; uid: string; sequence: number; answers: AttendeeAnswer[] }
  /** A calendar that is not a reply (a request forwarded, a counter-proposal…). */
  | { kind: 'other'; method: string }
  | { kind: 'malformed'; problem: string };

interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

/**
 * Reads an iTIP message: its METHOD and, for a REPLY, the UID, SEQUENCE and attendees' answers of
 * its event. Only what a reply needs is read; anything it cannot read is `malformed`, never thrown.
 */
export function readItip(text: string): ItipMessage {
  // Unfolding first (RFC 5545 §3.1): a line break followed by a space or a tab continues the line.
  const lines = text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (lines[0]?.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    return { kind: 'malformed', problem: 'it does not begin with BEGIN:VCALENDAR' };
  }
  const open: string[] = [];
  let method = '';
  let event: { uid?: string; sequence?: string; answers: AttendeeAnswer[] } | null = null;
  let events = 0;
  for (const raw of lines) {
    const line = contentLine(raw);
    if (!line) {
      return { kind: 'malformed', problem: `unreadable line "${raw.slice(0, 80)}"` };
    }
    if (line.name === 'BEGIN') {
      open.push(line.value.trim().toUpperCase());
      if (open.join('/') === 'VCALENDAR/VEVENT') {
        events += 1;
        event = events === 1 ? { answers: [] } : event;
      }
      continue;
    }
    if (line.name === 'END') {
      if (open.pop() !== line.value.trim().toUpperCase()) {
        return { kind: 'malformed', problem: `END:${line.value} closes nothing open` };
      }
      continue;
    }
    const where = open.join('/');
    if (where === 'VCALENDAR' && line.name === 'METHOD') {
      method = line.value.trim().toUpperCase();
    } else if (where === 'VCALENDAR/VEVENT' && events === 1 && event) {
      if (line.name === 'UID') {
        event.uid = line.value.trim();
      } else if (line.name === 'SEQUENCE') {
        event.sequence = line.value.trim();
      } else if (line.name === 'ATTENDEE') {
        event.answers.push({
          email: line.value.trim().replace(/^mailto:/i, ''),
          partstat: (line.params.PARTSTAT ?? 'NEEDS-ACTION').toUpperCase(),
        });
      }
    }
  }
  if (open.length > 0) {
    return { kind: 'malformed', problem: `${open.join('/')} is never closed` };
  }
  if (method !== 'REPLY') {
    return { kind: 'other', method };
  }
  if (!event?.uid) {
    return { kind: 'malformed', problem: 'a REPLY without an event UID' };
  }
  // SEQUENCE defaults to 0 (RFC 5545 §3.8.7.4).
  if (event.sequence !== undefined && !/^\d{1,9}$/.test(event.sequence)) {
    return { kind: 'malformed', problem: `SEQUENCE "${event.sequence}" is not a number` };
  }
  if (event.answers.length === 0) {
    return { kind: 'malformed', problem: 'a REPLY without an ATTENDEE' };
  }
  return { kind: 'reply', uid: event.uid, sequence: Number(event.sequence ?? 0), answers: event.answers };
}

/** NAME;PARAM=value;PARAM="quoted; value":value — colons and semicolons inside quotes are text. */
function contentLine(line: string): ContentLine | null {
  const name = /^[A-Za-z0-9-]+/.exec(line)?.[0];
  if (!name) {
    return null;
  }
  const params: Record<string, string> = {};
  let at = name.length;
  while (line[at] === ';') {
    const param = /^([A-Za-z0-9-]+)=/.exec(line.slice(at + 1));
    if (!param) {
      return null;
    }
    at += 1 + param[0].length;
    const values: string[] = [];
    for (;;) {
      if (line[at] === '"') {
        const close = line.indexOf('"', at + 1);
        if (close < 0) {
          return null;
        }
        values.push(line.slice(at + 1, close));
        at = close + 1;
      } else {
        const value = /^[^";:,]*/.exec(line.slice(at))?.[0] ?? '';
        values.push(value);
        at += value.length;
      }
      if (line[at] !== ',') {
        break;
      }
      at += 1;
    }
    params[param[1].toUpperCase()] = values.join(',');
  }
  if (line[at] !== ':') {
    return null;
  }
  return { name: name.toUpperCase(), params, value: line.slice(at + 1) };
}
