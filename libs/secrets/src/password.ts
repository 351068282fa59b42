import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { weakPasswordProblem } from './password-strength';

/** bcrypt work factor: about a quarter of a second per hash on a current server core. */
export const PASSWORD_COST = 12;
export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt reads only the first 72 bytes; a longer password would silently match its own prefix. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * What is wrong with a new password, or undefined when it is acceptable: its length, then whether it
 * is easy to guess (common passwords, words, patterns, `related` words such as the email or name;
 * see password-strength.ts).
 */
export function passwordProblem(password: string, related: readonly string[] = []): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    return `must be at most ${MAX_PASSWORD_BYTES} bytes long (bcrypt ignores the rest)`;
  }
  return weakPasswordProblem(password, related);
}

export function hashPassword(password: string, cost = PASSWORD_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

/**
 * Compares in constant time. With no stored hash (unknown user) it still does one bcrypt round of
 * the same cost, so response times do not tell which accounts exist.
 */
export async function verifyPassword(password: string, storedHash: string | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, storedHash ?? (await unknownUserHash()));
  return storedHash !== undefined && matches;
}

// A hash of a random string nobody knows, at PASSWORD_COST; made on first need, not at import.
let unknownUser: Promise<string> | undefined;
function unknownUserHash(): Promise<string> {
  unknownUser ??= bcrypt.hash(randomBytes(16).toString('hex'), PASSWORD_COST);
  return unknownUser;
}
