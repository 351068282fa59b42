// Fixed, public secrets so a fresh checkout runs without any .env. They protect nothing:
// loadConfig() warns whenever they are used and refuses them when NODE_ENV=production.

/** base64 of the 32 ASCII bytes "leadline-DEVELOPMENT-ONLY-key!!!" */
export const DEVELOPMENT_ENCRYPTION_KEY = Buffer.from('leadline-DEVELOPMENT-ONLY-key!!!', 'utf8').toString(
  'base64',
);

export const DEVELOPMENT_JWT_SECRET = 'leadline-DEVELOPMENT-ONLY-jwt-secret-never-use-in-production';
