import { readItip } from '../../src/ical/itip-reply';
import { googleCalendar, outlookCalendar, type ReplyFacts } from '../support/itip-replies';

const FACTS: ReplyFacts = {
  sessionId: '6f1c0e2a-4b7d-4c1e-9f3a-2d5e8b7a9c10',
  email: 'caroline.millan@ville.test',
  name: 'Caroline Millan',
  partstat: 'DECLINED',
  sequence: 3,
  organiser: 'organisers@passerelle.test',
};

describe('Reading an iTIP reply', () => {
  it('reads Outlook’s decline: the UID, the SEQUENCE and the attendee’s answer, past its time zones and comment', () => {
    expect(readItip(outlookCalendar(FACTS))).toEqual({
      kind: 'reply',
      uid: `session-${FACTS.sessionId}@passerelle`,
      sequence: 3,
      answers: [{ email: 'caroline.millan@ville.test', partstat: 'DECLINED' }],
    });
  });

  it('reads Google’s acceptance, whose attendee line is folded inside a quoted name and whose address is in capitals', () => {
    const calendar = googleCalendar({
      ...FACTS,
      name: 'Kim, Minji (김민지) — Direction des relations internationales',
      email: 'MINJI.KIM@Ville.test',
      partstat: 'ACCEPTED',
      sequence: 0,
    });
    expect(calendar).toMatch(/\r\n [^\r\n]/);

    expect(readItip(calendar)).toEqual({
      kind: 'reply',
      uid: `session-${FACTS.sessionId}@passerelle`,
      sequence: 0,
      answers: [{ email: 'MINJI.KIM@Ville.test', partstat: 'ACCEPTED' }],
    });
  });

  it('takes a reply without SEQUENCE as SEQUENCE 0, as RFC 5545 says', () => {
    const reply = readItip(outlookCalendar(FACTS).replace(/SEQUENCE:3\r\n/, ''));
    expect(reply).toMatchObject({ kind: 'reply', sequence: 0 });
  });

  it('tells a calendar that is not a reply from a reply', () => {
    expect(readItip(outlookCalendar(FACTS).replace('METHOD:REPLY', 'METHOD:REQUEST'))).toEqual({ kind: 'other', method: 'REQUEST' });
    expect(readItip(outlookCalendar(FACTS).replace('METHOD:REPLY\r\n', ''))).toEqual({ kind: 'other', method: '' });
  });

  it.each([
    ['an empty text', ''],
    ['a text that is no calendar', 'Bonjour, voici ma réponse.'],
    ['an unclosed calendar', 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x'],
    ['a line without a value', 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID;broken\r\nEND:VEVENT\r\nEND:VCALENDAR'],
    [
      'an unterminated quote',
      'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x\r\nATTENDEE;CN="Kim:mailto:k@x.test\r\nEND:VEVENT\r\nEND:VCALENDAR',
    ],
    ['a SEQUENCE that is no number', outlookCalendar(FACTS).replace('SEQUENCE:3', 'SEQUENCE:three')],
    ['a reply without attendee', outlookCalendar(FACTS).replace(/ATTENDEE[^\r\n]*\r\n/, '')],
    ['a reply without UID', outlookCalendar(FACTS).replace(/UID:[^\r\n]*\r\n/, '')],
    ['an END that closes nothing open', 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VEVENT\r\nEND:VCALENDAR'],
  ])('says %s is malformed instead of throwing', (_, text) => {
    expect(readItip(text)).toMatchObject({ kind: 'malformed', problem: expect.any(String) });
  });

  it('reads only the event’s own attendees, not those of an alarm inside it', () => {
    const calendar = outlookCalendar(FACTS).replace(
      'END:VEVENT',
      'BEGIN:VALARM\r\nACTION:EMAIL\r\nATTENDEE:mailto:someone-else@x.test\r\nEND:VALARM\r\nEND:VEVENT',
    );
    expect(readItip(calendar)).toMatchObject({ answers: [{ email: FACTS.email, partstat: 'DECLINED' }] });
  });
});
