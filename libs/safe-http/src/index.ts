export {
  canonicalAddress,
  isAllowlisted,
  isAlwaysBlocked,
  isPublicAddress,
  normaliseAddress,
  parsePrivateAllowlist,
  type PrivateAllowlist,
} from './address-policy';
export { createSafeFetch, type SafeFetch, type SafeFetchOptions, type SafeRequestInit } from './safe-fetch';
export { OutboundRequestRefusedError, ResponseTooLargeError } from './safe-fetch.errors';
