export type SecretBoxErrorCode =
  | 'INVALID_KEY'
  | 'INVALID_PLAINTEXT'
  | 'MALFORMED'
  | 'UNSUPPORTED_VERSION'
  | 'UNKNOWN_KEY'
  | 'AUTHENTICATION_FAILED';

/**
 * Every failure of the secret box. Messages may name a key *id* or a variable, never a key, a
 * plaintext or a ciphertext, so they are safe to log.
 */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';

  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
  }
}
