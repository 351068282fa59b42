export {
  createSecretBox,
  SEALED_FORMAT_VERSION,
  type SecretBox,
  type SecretBoxOptions,
  type SecretKey,
} from './secret-box';
export { SecretBoxError, type SecretBoxErrorCode } from './secret-box.error';
export {
  createSecretBoxFromBase64Keys,
  decodeEncryptionKey,
  secretKeyId,
  type Base64KeyRing,
} from './key-ring';
export { API_KEY_PATTERN, apiKeyPrefix, generateApiKey, hashApiKey, type GeneratedApiKey } from './api-key';
export { maskSecret } from './mask-secret';
export {
  hashPassword,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
  PASSWORD_COST,
  passwordProblem,
  verifyPassword,
} from './password';
export { generateRefreshToken, hashRefreshToken, REFRESH_TOKEN_PATTERN } from './refresh-token';
