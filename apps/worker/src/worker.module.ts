import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, CoreModule } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import { bullConnection, QUEUE_PREFIX } from '@leadline/engine';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { HealthModule } from './modules/health/health.module';
import { StateMetricsModule } from './modules/metrics/state-metrics.module';
import { InboundMediaModule } from './modules/inbound-media/inbound-media.module';
import { QueuesModule } from './modules/queues/queues.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OutboundEventsModule } from './modules/outbound-events/outbound-events.module';
import { RetentionModule } from './modules/retention/retention.module';
import { TemplatesModule } from './modules/templates/templates.module';
import { TemporalModule } from './modules/temporal/temporal.module';

export interface WorkerModuleOptions {
  config: AppConfig;
  logger: Logger;
  registry: Registry;
}

@Module({})
export class WorkerModule {
  static forRoot({ config, logger, registry }: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot({ config, logger, applicationName: 'leadline-worker' }),
        // Queues registered the Nest way (@nestjs/bullmq) share this connection and key prefix.
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => ({
            connection: bullConnection(appConfig.redis.url),
            prefix: QUEUE_PREFIX,
          }),
        }),
        HealthModule.forRoot(registry),
        // The embedded engine's queues and processors exist only in its mode (Temporal runs its own).
        ...(config.engine.mode === 'embedded' ? [QueuesModule] : []),
        InboundMediaModule,
        TemporalModule,
        TemplatesModule,
        RetentionModule,
        OutboundEventsModule,
        NotificationsModule,
        StateMetricsModule,
      ],
    };
  }
}
