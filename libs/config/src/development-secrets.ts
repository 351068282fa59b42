// Fixed, public secrets so a fresh checkout runs without any .env. They protect nothing:
// loadConfig() warns whenever they are used and refuses them when NODE_ENV=production.

/** base64 of the 32 ASCII bytes "leadline-DEVELOPMENT-ONLY-key!!!" */
export const DEVELOPMENT_ENCRYPTION_KEY = Buffer.from('leadline-DEVELOPMENT-ONLY-key!!!', 'utf8').toString(
  'base64',
);

export const DEVELOPMENT_JWT_SECRET = 'leadline-DEVELOPMENT-ONLY-jwt-secret-never-use-in-production';

/**
 * A fixed VAPID key pair for web push in development, generated once with `web-push
 * generate-vapid-keys` and kept here so browsers' push subscriptions survive restarts. Public, so it
 * protects nothing: refused when NODE_ENV=production.
 */
export const DEVELOPMENT_VAPID_KEYS = {
  publicKey: 'BIsYpuwaWfeJbvXUVPeEJwZVtsVKiTsSiSOkrpVg4XHrAgvvlxkOjFSfyYKTfmJDrzk9_bvOVR3JI5Qsv4GdhPQ',
  privateKey: '4pBTVAqPV_bAgI3oQfs2apTFvw1cH-olSdfKC5KtRrY',
} as const;
