import { createServer, type Server } from 'node:http';
import type { SmtpSink } from './smtp-sink';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small page over an SmtpSink: the list of emails, each one's HTML, text and .ics. */
export function serveMailPage(sink: SmtpSink, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/messages\/(\d+)(?:\/(html|text|ics|raw))?$/.exec(url.pathname);
    if (match) {
      const mail = sink.received[Number(match[1])];
      if (!mail) {
        response.writeHead(404).end('No such message');
        return;
      }
      const part = match[2] ?? 'html';
      const invite = mail.parsed.attachments.find((a) => /calendar|ics/.test(a.contentType));
      const bodies: Record<string, [string, string]> = {
        html: ['text/html; charset=utf-8', typeof mail.parsed.html === 'string' ? mail.parsed.html : '(no HTML part)'],
        text: ['text/plain; charset=utf-8', mail.parsed.text ?? ''],
        ics: ['text/calendar; charset=utf-8', invite ? invite.content.toString('utf8') : '(no calendar part)'],
        raw: ['text/plain; charset=utf-8', mail.raw],
      };
      const [type, body] = bodies[part];
      response.writeHead(200, { 'content-type': type }).end(body);
      return;
    }
    const rows = sink.received
      .map((mail, index) => {
        const date = mail.parsed.date?.toISOString() ?? '';
        return `<tr><td>${escapeHtml(date)}</td><td>${escapeHtml(mail.envelopeTo.join(', '))}</td><td>${escapeHtml(mail.parsed.subject ?? '')}</td><td><a href="/messages/${index}/html">HTML</a> · <a href="/messages/${index}/text">text</a> · <a href="/messages/${index}/ics">.ics</a> · <a href="/messages/${index}/raw">raw</a></td></tr>`;
      })
      .reverse()
      .join('\n');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Passerelle — sent emails</title>
<style>body{font-family:system-ui,'Noto Sans KR',sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}</style></head>
<body><h1>Emails sent by Passerelle (${sink.received.length})</h1><table><thead><tr><th>Date</th><th>To</th><th>Subject</th><th>Parts</th></tr></thead><tbody>${rows}</tbody></table></body></html>`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
