import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ActivitiesModule } from './modules/activities/activities.module';
import { AuthModule } from './modules/auth/auth.module';
import { ClockModule } from './modules/clock/clock.module';
import { DataRightsModule } from './modules/data-rights/data-rights.module';
import { EngineClientModule } from './modules/engine/engine-client.module';
import { ErrorsModule } from './modules/errors/errors.module';
import { FlowsModule } from './modules/flows/flows.module';
import { InboxModule } from './modules/inbox/inbox.module';
import { HealthModule } from './modules/health/health.module';
import { InputSafetyModule } from './modules/input-safety/input-safety.module';
import { LeadsModule } from './modules/leads/leads.module';
import { LifecycleModule } from './modules/lifecycle/lifecycle.module';
import { MediaModule } from './modules/media/media.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { QueueDashboardModule } from './modules/queue-dashboard/queue-dashboard.module';
import { RunsModule } from './modules/runs/runs.module';
import { WorkspaceApiModule } from './modules/workspace-api.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { WebhookSubscriptionsModule } from './modules/webhook-subscriptions/webhook-subscriptions.module';
import { NotificationsModule } from './modules/notifications/notifications.module';

export interface AppModuleOptions {
  config: AppConfig;
  logger: Logger;
  registry: Registry;
}

@Module({})
export class AppModule {
  static forRoot({ config, logger, registry }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({ config, logger, applicationName: 'leadline-api' }),
        ClockModule.forRoot(config),
        MetricsModule.forRoot(registry),
        EngineClientModule,
        LifecycleModule,
        ErrorsModule,
        InputSafetyModule,
        HealthModule,
        WebhooksModule,
        MediaModule,
        AuthModule,
        LeadsModule,
        RunsModule,
        DataRightsModule,
        WebhookSubscriptionsModule,
        NotificationsModule,
        WorkspaceApiModule,
        InboxModule,
        FlowsModule,
        ActivitiesModule,
        QueueDashboardModule,
      ],
    };
  }
}
