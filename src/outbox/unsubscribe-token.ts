import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../common/keys';

/** The key of unsubscribe links, derived from ADMIN_TOKEN: changing that secret voids old links. */
export function unsubscribeKey(adminToken: string): Buffer {
  return deriveKey(adminToken, 'unsubscribe links');
}

function signature(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, 32);
}

/** `<contactId>.<kind>.<signature>`: opens nothing but "stop this kind of email for this contact". */
export function unsubscribeToken(key: Buffer, contactId: string, kind: string): string {
  const payload = `${contactId}.${kind}`;
  return `${payload}.${signature(key, payload)}`;
}

export function readUnsubscribeToken(key: Buffer, token: string): { contactId: string; kind: string } | null {
  const match = /^([0-9a-f-]{36})\.([a-z_]{1,40})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) {
    return null;
  }
  const expected = Buffer.from(signature(key, `${match[1]}.${match[2]}`));
  const given = Buffer.from(match[3]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { contactId: match[1], kind: match[2] } : null;
}
