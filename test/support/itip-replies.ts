/**
 * Calendar replies (iTIP REPLY) as the clients of Passerelle's attendees write them, to put in
 * the organisers' mailbox: Outlook's (base64 parts, a COMMENT, Windows zone names) and Google
 * Calendar's (a text/calendar alternative plus an application/ics attachment, long lines folded).
 */
export interface ReplyFacts {
  sessionId: string;
  /** The attendee's address as the client writes it (its case may differ from ours). */
  email: string;
  name: string;
  partstat: 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';
  sequence: number;
  organiser: string;
}

const CRLF = '\r\n';

/** Folds a content line at 75 octets, as RFC 5545 §3.1 asks (Google folds anywhere, even in a quoted value). */
function fold(line: string): string {
  const parts: string[] = [];
  let rest = Buffer.from(line, 'utf8');
  let first = true;
  while (rest.length > (first ? 75 : 74)) {
    let cut = first ? 75 : 74;
    // Never inside a UTF-8 sequence.
    while ((rest[cut] & 0xc0) === 0x80) {
      cut -= 1;
    }
    parts.push(rest.subarray(0, cut).toString('utf8'));
    rest = rest.subarray(cut);
    first = false;
  }
  parts.push(rest.toString('utf8'));
  return parts.join(`${CRLF} `);
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);
}

/** The calendar Outlook (Exchange) attaches to a reply. */
export function outlookCalendar(facts: ReplyFacts): string {
  const word = facts.partstat === 'DECLINED' ? 'Refusé' : facts.partstat === 'ACCEPTED' ? 'Accepté' : 'Provisoire';
  return [
    'BEGIN:VCALENDAR',
    'METHOD:REPLY',
    'PRODID:Microsoft Exchange Server 2010',
    'VERSION:2.0',
    'BEGIN:VTIMEZONE',
    'TZID:Korea Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16010101T000000',
    'TZOFFSETFROM:+0900',
    'TZOFFSETTO:+0900',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    `ATTENDEE;PARTSTAT=${facts.partstat};CN=${facts.name}:mailto:${facts.email}`,
    'COMMENT;LANGUAGE=fr-FR:Je ne pourrai finalement pas venir\\; merci de votre compréhension.\\n',
    `SUMMARY;LANGUAGE=fr-FR:${word} : Visite des éco-quartiers`,
    'DTSTART;TZID=Korea Standard Time:20240925T140000',
    'DTEND;TZID=Korea Standard Time:20240925T170000',
    `UID:session-${facts.sessionId}@passerelle`,
    'CLASS:PUBLIC',
    'PRIORITY:5',
    'DTSTAMP:20240920T091203Z',
    'TRANSP:OPAQUE',
    'STATUS:CONFIRMED',
    `SEQUENCE:${facts.sequence}`,
    'LOCATION;LANGUAGE=fr-FR:Fort d’Issy\\, Séoul',
    `X-MICROSOFT-CDO-APPT-SEQUENCE:${facts.sequence}`,
    'X-MICROSOFT-CDO-OWNERAPPTID:-1254368261',
    'X-MICROSOFT-CDO-REPLYTIME:20240920T091203Z',
    'END:VEVENT',
    'END:VCALENDAR',
  ]
    .map(fold)
    .join(CRLF);
}

/** A reply as Outlook sends it: multipart/alternative, both parts in base64. */
export function outlookReply(facts: ReplyFacts): string {
  const boundary = '_000_PR3P192MB0714A1B2C3D4E5F6A7B8C9D0PR3P192MB0714EURP_';
  const word = facts.partstat === 'DECLINED' ? 'Refusé' : facts.partstat === 'ACCEPTED' ? 'Accepté' : 'Provisoire';
  return [
    `From: ${facts.name} <${facts.email}>`,
    `To: Passerelle <${facts.organiser}>`,
    `Subject: =?utf-8?B?${Buffer.from(`${word} : Visite des éco-quartiers`).toString('base64')}?=`,
    'Thread-Topic: Visite des eco-quartiers',
    'Date: Fri, 20 Sep 2024 09:12:03 +0000',
    `Message-ID: <${facts.sequence}${facts.partstat}.${facts.sessionId}@PR3P192MB0714.EURP192.PROD.OUTLOOK.COM>`,
    'Content-Language: fr-FR',
    'X-MS-Has-Attach:',
    'X-MS-TNEF-Correlator:',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    'MIME-Version: 1.0',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines('Je ne pourrai finalement pas venir ; merci de votre compréhension.\r\n'),
    '',
    `--${boundary}`,
    'Content-Type: text/calendar; charset="utf-8"; method=REPLY',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(outlookCalendar(facts)),
    '',
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

/** The calendar Google Calendar writes into a reply: UTC times, the attendee's parameters, SEQUENCE. */
export function googleCalendar(facts: ReplyFacts): string {
  return [
    'BEGIN:VCALENDAR',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    'DTSTART:20240925T050000Z',
    'DTEND:20240925T080000Z',
    'DTSTAMP:20240920T091203Z',
    `ORGANIZER;CN=Passerelle:mailto:${facts.organiser}`,
    `UID:session-${facts.sessionId}@passerelle`,
    `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${facts.partstat};CN="${facts.name}";X-NUM-GUESTS=0:MAILTO:${facts.email}`,
    'CREATED:20240918T101500Z',
    'DESCRIPTION:Heure de Paris: 2024-09-25 07:00 – 10:00\\nHeure de Séoul: 2024-09-25 14:00 – 17:00',
    'LAST-MODIFIED:20240920T091203Z',
    'LOCATION:Fort d’Issy\\, Séoul',
    `SEQUENCE:${facts.sequence}`,
    'STATUS:CONFIRMED',
    'SUMMARY:생태 지구 방문',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ]
    .map(fold)
    .join(CRLF);
}

/** A reply as Gmail sends it: text, HTML and calendar alternatives, and the calendar again as invite.ics. */
export function googleReply(facts: ReplyFacts): string {
  const outer = '000000000000c1a2b3062235f0aa';
  const inner = '000000000000c1a2b0062235f0a8';
  const calendar = googleCalendar(facts);
  const verb = facts.partstat === 'DECLINED' ? 'Declined' : facts.partstat === 'ACCEPTED' ? 'Accepted' : 'Tentatively Accepted';
  return [
    'MIME-Version: 1.0',
    'Date: Fri, 20 Sep 2024 11:12:03 +0200',
    `Message-ID: <calendar-${facts.partstat}-${facts.sequence}-${facts.sessionId}@google.com>`,
    `Subject: =?UTF-8?B?${Buffer.from(`${verb}: 생태 지구 방문`).toString('base64')}?=`,
    `From: =?UTF-8?B?${Buffer.from(facts.name).toString('base64')}?= <${facts.email}>`,
    `To: ${facts.organiser}`,
    `Content-Type: multipart/mixed; boundary="${outer}"`,
    '',
    `--${outer}`,
    `Content-Type: multipart/alternative; boundary="${inner}"`,
    '',
    `--${inner}`,
    'Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(`${facts.name} has ${verb.toLowerCase()} this invitation.\r\n`),
    `--${inner}`,
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    `<span>${facts.name} has ${verb.toLowerCase()} this invitation.</span>`,
    `--${inner}`,
    'Content-Type: text/calendar; charset="UTF-8"; method=REPLY',
    'Content-Transfer-Encoding: 7bit',
    '',
    calendar,
    `--${inner}--`,
    '',
    `--${outer}`,
    'Content-Type: application/ics; name="invite.ics"',
    'Content-Disposition: attachment; filename="invite.ics"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(calendar),
    `--${outer}--`,
    '',
  ].join(CRLF);
}

/** An ordinary email to the organisers: no calendar in it. */
export function ordinaryMail(organiser: string): string {
  return [
    'From: Mairie de Montreuil <international@montreuil.test>',
    `To: ${organiser}`,
    'Subject: Programme de la visite',
    'Date: Fri, 20 Sep 2024 08:00:00 +0200',
    'Message-ID: <ordinary-1@montreuil.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Bonjour, pourriez-vous nous envoyer le programme détaillé ?',
    '',
  ].join(CRLF);
}

/** Mail that claims a calendar reply and carries garbage, and a MIME structure cut short. */
export function malformedReplies(organiser: string): string[] {
  const headers = (id: string, type: string) => [
    'From: robot@broken.test',
    `To: ${organiser}`,
    'Subject: Accepted: ???',
    `Message-ID: <${id}@broken.test>`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}`,
  ];
  return [
    [
      ...headers('garbage', 'text/calendar; charset="utf-8"; method=REPLY'),
      '',
      'BEGIN:VCALENDAR',
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      'UID;broken',
      'SEQUENCE:first',
      'END:VCALENDAR',
      '',
    ].join(CRLF),
    [
      ...headers('truncated', 'multipart/alternative; boundary="never-closed"'),
      '',
      '--never-closed',
      'Content-Type: text/calendar; method=REPLY; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!not base64 at all',
      '',
    ].join(CRLF),
  ];
}
