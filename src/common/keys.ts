import { createHmac } from 'node:crypto';

/** What a key derived from ADMIN_TOKEN is for; each purpose has a key of its own. */
export type KeyPurpose = 'page cookies' | 'page forms' | 'unsubscribe links' | 'personal feeds' | 'rate limits';

/**
 * The key of one purpose, derived from ADMIN_TOKEN: no key to store or rotate apart, and changing
 * ADMIN_TOKEN voids them all (page sessions, forms in progress, unsubscribe links, feed URLs).
 */
export function deriveKey(adminToken: string, purpose: KeyPurpose): Buffer {
  return createHmac('sha256', adminToken).update(`passerelle ${purpose}`).digest();
}
