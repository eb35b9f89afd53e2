import { createHmac } from 'node:crypto';

/** Keys of the pages, derived from ADMIN_TOKEN like the project's other keys: changing it signs everyone out. */
export function cookieSecret(adminToken: string): string {
  return createHmac('sha256', adminToken).update('passerelle page cookies').digest('base64url');
}

export function csrfKey(adminToken: string): Buffer {
  return createHmac('sha256', adminToken).update('passerelle page forms').digest();
}
