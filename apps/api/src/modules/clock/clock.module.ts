import {
  Body,
  Controller,
  Global,
  HttpCode,
  Inject,
  Module,
  Put,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AppConfig } from '@leadline/config';
import { bullConnection, RedisTestClock, systemClock, type Clock } from '@leadline/engine';
import { z } from 'zod';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';

export const CLOCK = Symbol('CLOCK');
export const InjectClock = (): ParameterDecorator => Inject(CLOCK);

const offsetSchema = z.strictObject({
  /** How far ahead of the real time the API and worker should think it is (ms, 0 to 30 days). */
  offsetMs: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400_000),
});

/**
 * PUT /api/test-clock: only mounted with LEADLINE_TEST_CLOCK=true, which the config refuses in
 * production; no authentication, because it exists only in throw-away test deployments.
 */
@ApiExcludeController()
@Controller('api/test-clock')
class TestClockController {
  constructor(@InjectClock() private readonly clock: RedisTestClock) {}

  @Put()
  @HttpCode(200)
  async set(
    @Body(new ZodValidationPipe(offsetSchema, 'body')) body: z.output<typeof offsetSchema>,
  ): Promise<{ offsetMs: number; now: string }> {
    await this.clock.set(body.offsetMs);
    return { offsetMs: body.offsetMs, now: this.clock.now().toISOString() };
  }
}

/**
 * The API's clock: the system clock, or, in tests with LEADLINE_TEST_CLOCK=true, one the test can
 * move forward (shared with the worker through Redis) so the 24-hour window can close on demand.
 */
@Global()
@Module({})
export class ClockModule implements OnApplicationShutdown {
  constructor(@InjectClock() private readonly clock: Clock) {}

  static forRoot(config: AppConfig): DynamicModule {
    const clock: Clock = config.testClock
      ? new RedisTestClock(bullConnection(config.redis.url))
      : systemClock;
    return {
      module: ClockModule,
      controllers: config.testClock ? [TestClockController] : [],
      providers: [{ provide: CLOCK, useValue: clock }],
      exports: [CLOCK],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.clock instanceof RedisTestClock) await this.clock.close();
  }
}
