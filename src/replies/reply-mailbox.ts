import { Injectable } from '@nestjs/common';
import { ImapFlow, type MessageStructureObject } from 'imapflow';
import { AppConfig } from '../config/app-config';

/** The mailbox that IMAP_URL names. */
export interface MailboxAddress {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  /** The folder, INBOX unless the URL's path names another. */
  folder: string;
  /** Host, user and folder: what the mailbox is known by (the password is left out). */
  key: string;
}

/** imaps://user:password@host:993/INBOX → how to reach it; the URL was checked at start-up. */
export function mailboxAddress(imapUrl: string): MailboxAddress {
  const url = new URL(imapUrl);
  const secure = url.protocol === 'imaps:';
  const user = decodeURIComponent(url.username);
  const folder = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : secure ? 993 : 143;
  return { host, port, secure, user, password: decodeURIComponent(url.password), folder, key: `${user}@${host}:${port}/${folder}` };
}

/** The mailbox while it is open: what reading replies asks of it. */
export interface OpenMailbox {
  /** Changes when the server renumbers the folder's messages: UIDs seen before mean nothing then. */
  readonly uidValidity: number;
  /** The UIDs above `lastUid`, oldest first, at most `limit`. */
  uidsAfter(lastUid: number, limit: number): Promise<number[]>;
  /** The calendars a message carries (text/calendar or application/ics parts), as text. */
  calendarsOf(uid: number): Promise<string[]>;
  markSeen(uid: number): Promise<void>;
}

const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics']);
// A reply's calendar is a few kilobytes; anything much larger is not one.
const MAX_CALENDAR_BYTES = 512 * 1024;

/** The parts of a message's structure that hold a calendar, with their part numbers. */
export function calendarParts(structure: MessageStructureObject | undefined): MessageStructureObject[] {
  if (!structure) {
    return [];
  }
  if (structure.childNodes?.length) {
    return structure.childNodes.flatMap(calendarParts);
  }
  return CALENDAR_TYPES.has(structure.type.toLowerCase()) ? [{ ...structure, part: structure.part ?? '1' }] : [];
}

/** The organisers' mailbox over IMAP (imapflow); nothing else in the codebase talks to imapflow. */
@Injectable()
export class ReplyMailbox {
  readonly address: MailboxAddress | null;

  constructor(config: AppConfig) {
    const imapUrl = config.get('imapUrl');
    this.address = imapUrl ? mailboxAddress(imapUrl) : null;
  }

  /** Opens the folder for `work`, with a lock on it, and logs out after, whatever happens. */
  async open<T>(work: (mailbox: OpenMailbox) => Promise<T>): Promise<T> {
    const address = this.address;
    if (!address) {
      throw new Error('IMAP_URL is not set: there is no mailbox to read.');
    }
    const client = new ImapFlow({
      host: address.host,
      port: address.port,
      secure: address.secure,
      auth: { user: address.user, pass: address.password },
      logger: false,
      // One poll, then logout: no IDLE between commands, and a server that stops answering fails the poll.
      disableAutoIdle: true,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    // A connection dropped between commands surfaces as the next command's failure.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const lock = await client.getMailboxLock(address.folder);
      try {
        const box = client.mailbox;
        if (!box) {
          throw new Error(`The folder ${address.folder} could not be opened.`);
        }
        return await work(openMailbox(client, Number(box.uidValidity)));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }
}

function openMailbox(client: ImapFlow, uidValidity: number): OpenMailbox {
  return {
    uidValidity,
    async uidsAfter(lastUid, limit) {
      // "n:*" also answers the last message when every UID is below n: keep only those above.
      const uids = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
      return uids
        .filter((uid) => uid > lastUid)
        .sort((a, b) => a - b)
        .slice(0, limit);
    },
    async calendarsOf(uid) {
      const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
      const calendars: string[] = [];
      for (const part of message ? calendarParts(message.bodyStructure) : []) {
        if ((part.size ?? 0) > MAX_CALENDAR_BYTES) {
          continue;
        }
        const download = await client.download(String(uid), part.part, { uid: true, maxBytes: MAX_CALENDAR_BYTES });
        if (download.content) {
          const chunks: Buffer[] = [];
          for await (const chunk of download.content) {
            chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
          }
          calendars.push(decodeText(Buffer.concat(chunks), part.parameters?.charset));
        }
      }
      return calendars;
    },
    async markSeen(uid) {
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    },
  };
}

/** iCalendar is UTF-8 (RFC 5545); a part that names another charset is read in it when Node knows it. */
function decodeText(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}
