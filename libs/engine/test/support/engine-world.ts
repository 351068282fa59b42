import { EmbeddedEngine, EngineClient, systemClock, type EmbeddedEngineOptions } from '../../src';
import { createSoakWorld, deleteQueueKeys, type SoakWorld } from './soak-world';

export interface EngineError {
  error: unknown;
  context: string;
}

/** What a test chooses about its engine; the world supplies the database, Redis and queue prefix. */
export type EngineSettings = Omit<EmbeddedEngineOptions, 'prisma' | 'redis' | 'queuePrefix' | 'onError'>;

/**
 * A world with one embedded engine running on it. The engine reports into `errors`, for the test to
 * assert on. `stop` leaves neither the engine, the world's queue keys nor its database behind.
 */
export interface EngineWorld extends SoakWorld {
  /** The running engine; `startEngine` replaces it. */
  readonly engine: EmbeddedEngine;
  /** A client of the running engine's queues. */
  readonly client: EngineClient;
  readonly errors: EngineError[];
  /** Starts a new engine with the same settings, as a restarted worker does (after `stopEngine`). */
  startEngine(): Promise<void>;
  stopEngine(): Promise<void>;
  stop(): Promise<void>;
}

/** Fast enough for tests that wait seconds; a test that needs other timings says so in its settings. */
const TEST_TIMINGS = { sweepIntervalMs: 500, channelPollMs: 250 };

export async function startEngineWorld(
  options: Parameters<typeof createSoakWorld>[0] & { engine: EngineSettings },
): Promise<EngineWorld> {
  const world = await createSoakWorld(options);
  const errors: EngineError[] = [];
  let engine: EmbeddedEngine | undefined;
  let client: EngineClient | undefined;

  async function startEngine(): Promise<void> {
    engine = new EmbeddedEngine({
      ...TEST_TIMINGS,
      ...options.engine,
      prisma: world.prisma,
      redis: world.redis,
      queuePrefix: world.queuePrefix,
      onError: (error, context) => errors.push({ error, context }),
    });
    await engine.start();
    client = new EngineClient(world.prisma, engine.queue, systemClock);
  }

  async function stop(): Promise<void> {
    await engine?.stop();
    await deleteQueueKeys(world);
    await world.drop();
  }

  try {
    await startEngine();
  } catch (error) {
    // The test gets no world to stop: leave nothing behind here.
    await stop();
    throw error;
  }
  return {
    ...world,
    get engine() {
      return engine!;
    },
    get client() {
      return client!;
    },
    errors,
    startEngine,
    stopEngine: async () => engine?.stop(),
    stop,
  };
}
