import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';
import { findRedisServer, startPrivateRedis } from './private-redis';
import { leaseRedisDatabase } from './redis-lease';
import { TEST_REDIS_URL_VARIABLE } from './test-redis';

/** Files of these tiers use real services; pure `.spec.ts` files never get a Redis. */
const NEEDS_SERVICES = /\.(int|e2e)-spec\.tsx?$/;

/**
 * The Jest environment of every project (jest.config.js): Node's, plus a Redis that only this test
 * file uses, ready before the file loads and gone after its last hook. The file finds its URL in
 * `process.env.LEADLINE_TEST_REDIS_URL` (read it with `testRedisUrl()`), and so do the processes it
 * spawns with its environment. Whatever files Jest pairs in its workers, in whatever order, and
 * whatever other Jest runs share the machine, no file can flush, lock or consume another's data.
 *
 * - redis-server installed (and LEADLINE_TEST_REDIS_URL not set outside Jest): a private server per
 *   file on a free loopback port (private-redis.ts).
 * - otherwise: a logical database leased on the shared server (LEADLINE_TEST_REDIS_URL or the local
 *   default) for the file's lifetime (redis-lease.ts).
 *
 * PostgreSQL needs no such help: each file creates its own database (createTestDatabase).
 */
export default class LeadlineTestEnvironment extends TestEnvironment {
  private readonly needsServices: boolean;
  private release?: () => Promise<void>;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.needsServices = NEEDS_SERVICES.test(context.testPath);
  }

  override async setup(): Promise<void> {
    await super.setup();
    if (!this.needsServices) return;
    const shared = process.env[TEST_REDIS_URL_VARIABLE];
    const binary = shared ? undefined : findRedisServer();
    if (binary) {
      const server = await startPrivateRedis(binary);
      this.release = server.stop;
      this.setRedisUrl(server.url);
    } else {
      const lease = await leaseRedisDatabase(shared || 'redis://127.0.0.1:6379');
      this.release = lease.release;
      this.setRedisUrl(lease.url);
    }
  }

  override async teardown(): Promise<void> {
    try {
      await this.release?.();
    } finally {
      await super.teardown();
    }
  }

  /** The file's own `process.env` (Jest gives each file a copy), not this worker's. */
  private setRedisUrl(url: string): void {
    const env = (this.global.process as NodeJS.Process).env;
    env[TEST_REDIS_URL_VARIABLE] = url;
  }
}
