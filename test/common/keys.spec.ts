import { deriveKey, type KeyPurpose } from '../../src/common/keys';

describe('Keys derived from ADMIN_TOKEN', () => {
  // Issued feed URLs, unsubscribe links and page sessions rest on these bytes: a change to how a
  // key is derived would void every one of them, so the first bytes of each are pinned here.
  it.each<[KeyPurpose, string]>([
    ['page cookies', '5f1f19e58cb29b20'],
    ['page forms', '9347d607d51714aa'],
    ['unsubscribe links', '060c24e18dabc87e'],
    ['personal feeds', '3226e22c5a4671c7'],
  ])('derives the %s key as it always has', (purpose, start) => {
    expect(deriveKey('test-admin-token', purpose).toString('hex').slice(0, 16)).toBe(start);
  });

  it('gives each purpose and each ADMIN_TOKEN a key of its own', () => {
    const purposes: KeyPurpose[] = ['page cookies', 'page forms', 'unsubscribe links', 'personal feeds'];
    const keys = new Set(purposes.flatMap((p) => ['a-token', 'another-token'].map((t) => deriveKey(t, p).toString('hex'))));
    expect(keys.size).toBe(8);
  });
});
