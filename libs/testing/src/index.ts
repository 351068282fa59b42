export { createTestDatabase, type TestDatabase } from './test-database';
export { killIfRunning, spawnCommand, spawnEntry, REPO_ROOT, type SpawnedProcess } from './spawned-process';
export { closedPort } from './ports';
export {
  testRedisConnection,
  testRedisUrl,
  TEST_REDIS_URL_VARIABLE,
  type TestRedisConnection,
} from './test-redis';
export { startPrivateRedis, type PrivateRedisServer } from './private-redis';
export { screenshotsDir } from './screenshots';
export { promoFlow, promoPaths, promoRunEvents, type PromoStep } from './fixtures/promo-flow';
