import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** One answer, as far as the benchmark reads it. */
export interface RawAnswer {
  status: number;
  text: string;
}

interface Waiting {
  resolve: (answer: RawAnswer) => void;
  reject: (error: Error) => void;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * A load generator's HTTP/1.1 client, as wrk or h2load are: keep-alive connections opened up
 * front, each request written as one prepared string, each answer read by its Content-Length.
 * It costs the benchmark's process a fraction of what a general client does, so that on a
 * machine of 2 cores the figure is the server's, not the clients'. It reads only what the API
 * sends (a status line, headers with Content-Length, a body); anything else fails loudly.
 */
export class RawHttpClients {
  private readonly idle: Connection[] = [];
  private readonly queue: { request: string; waiting: Waiting }[] = [];

  private constructor(
    private readonly host: string,
    private readonly headers: string,
    private readonly connections: Connection[],
  ) {
    this.idle.push(...connections);
  }

  static async open(baseUrl: string, count: number, headers: Record<string, string>): Promise<RawHttpClients> {
    const url = new URL(baseUrl);
    const connections = await Promise.all(
      Array.from({ length: count }, async () => {
        const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
        await once(socket, 'connect');
        return new Connection(socket);
      }),
    );
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    return new RawHttpClients(url.host, lines.join(''), connections);
  }

  send(method: string, path: string): Promise<RawAnswer> {
    const request = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}\r\n${this.headers}Content-Length: 0\r\n\r\n`;
    return new Promise<RawAnswer>((resolve, reject) => {
      this.queue.push({ request, waiting: { resolve, reject } });
      this.next();
    });
  }

  close(): void {
    for (const connection of this.connections) {
      connection.socket.destroy();
    }
  }

  private next(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const connection = this.idle.pop() as Connection;
      const { request, waiting } = this.queue.shift() as { request: string; waiting: Waiting };
      connection.ask(request, {
        resolve: (answer) => {
          this.idle.push(connection);
          waiting.resolve(answer);
          this.next();
        },
        reject: waiting.reject,
      });
    }
  }
}

class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: Waiting | undefined;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('The connection closed before its answer.')));
  }

  ask(request: string, waiting: Waiting): void {
    this.waiting = waiting;
    this.socket.write(request);
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const end = this.buffered.indexOf(HEAD_END);
    if (end < 0) {
      return;
    }
    const head = this.buffered.subarray(0, end).toString('latin1');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!status || (!length && !/^HTTP\/1\.1 (204|304)/.test(head))) {
      this.fail(new Error(`An answer this client does not read: ${head.split('\r\n')[0]}`));
      return;
    }
    const bodyLength = length ? Number(length[1]) : 0;
    const total = end + HEAD_END.length + bodyLength;
    if (this.buffered.length < total) {
      return;
    }
    const text = this.buffered.subarray(end + HEAD_END.length, total).toString('utf8');
    this.buffered = this.buffered.subarray(total);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve({ status, text });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}
