import { Agent, type IncomingHttpHeaders, request } from 'node:http';

/** An answer read off a real connection, shaped as Fastify's `inject` gives one. */
export interface SocketAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  rawPayload: Buffer;
  body: string;
}

export interface SocketRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
}

// One connection per request: nothing held open keeps a closing application waiting.
const agent = new Agent({ keepAlive: false });

/**
 * One request over a real TCP connection to an application listening at `base`: what `inject`
 * cannot reach, since it hands the request to Fastify's router, past the server's front door.
 * Sends exactly the headers given (no client adds its own, as fetch would).
 */
export function overSocket(base: string, options: SocketRequest): Promise<SocketAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      new URL(options.url, base),
      { method: options.method ?? 'GET', headers: options.headers, agent },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const rawPayload = Buffer.concat(chunks);
          resolve({ statusCode: incoming.statusCode ?? 0, headers: incoming.headers, rawPayload, body: rawPayload.toString('utf8') });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}
