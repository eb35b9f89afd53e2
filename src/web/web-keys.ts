import { deriveKey } from '../common/keys';

/** Keys of the pages, derived from ADMIN_TOKEN like the project's other keys: changing it signs everyone out. */
export function cookieSecret(adminToken: string): string {
  return deriveKey(adminToken, 'page cookies').toString('base64url');
}

export function csrfKey(adminToken: string): Buffer {
  return deriveKey(adminToken, 'page forms');
}
