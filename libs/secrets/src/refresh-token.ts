import { createHash, randomBytes } from 'node:crypto';

/** `llr_<43 base64url characters: 32 random bytes>` */
export const REFRESH_TOKEN_PATTERN = /^llr_[A-Za-z0-9_-]{43}$/;

export function generateRefreshToken(): string {
  return `llr_${randomBytes(32).toString('base64url')}`;
}

/** What `refresh_tokens.token_hash` holds: sha256 hex. The tokens are random, so no salt is needed. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
