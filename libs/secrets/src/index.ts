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
