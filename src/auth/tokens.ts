import { createHash, randomBytes } from 'node:crypto';

/** Kinds of secret, told apart by their prefix. */
export const TokenPrefix = {
  ApiToken: 'pat',
  AccessLink: 'acc',
  SignInLink: 'sil',
  FeedToken: 'cal',
} as const;
export type TokenPrefix = (typeof TokenPrefix)[keyof typeof TokenPrefix];

/** 256 random bits, URL-safe: `<prefix>_<43 characters>`. Only its hash is ever stored. */
export function newToken(prefix: TokenPrefix): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function prefixOf(token: string): string {
  return token.split('_', 1)[0];
}
