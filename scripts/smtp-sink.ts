import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

/** A real SMTP server in this process (tests, the demo's mail catcher); it keeps and parses every message it accepts. */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** While > 0, each incoming message is refused with a 451 and the counter drops. */
  refuseNext = 0;
  /** Milliseconds to hold each message before accepting it: a slow server. */
  delayMs = 0;
  private readonly server: SMTPServer;

  /** Messages accepted, parsed or not. */
  count = 0;

  /** `parse: false` only counts (a benchmark sink that costs next to nothing). */
  constructor(private readonly options: { parse?: boolean } = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.refuseNext > 0) {
            this.refuseNext -= 1;
            const error = Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
            callback(error);
            return;
          }
          if (this.options.parse === false && this.refuseNext === 0) {
            this.count += 1;
            callback();
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          new Promise((resolve) => setTimeout(resolve, this.delayMs))
            .then(() => simpleParser(raw))
            .then((parsed) => {
              this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
              this.count += 1;
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
  }

  /** Connection errors (a client killed mid-message) are the client's problem, not the sink's. */
  private ignoreConnectionErrors(): void {
    this.server.on('error', () => undefined);
  }

  async start(port = 0): Promise<string> {
    this.ignoreConnectionErrors();
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    const { port: bound } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${bound}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Waits until a message matching `predicate` arrives. */
  async waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`No matching email within ${timeoutMs} ms (received ${this.received.length})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
