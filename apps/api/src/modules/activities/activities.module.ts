import { Module } from '@nestjs/common';
import { loadActivityRegistry, watchActivityModules, type ActivityRegistry } from '@leadline/activity-sdk';
import type { AppConfig } from '@leadline/config';
import { BUILT_IN_ACTIVITIES } from '@leadline/example-activities';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG } from '@leadline/bootstrap';
import { ActivitiesController } from './activities.controller';
import { ACTIVITY_REGISTRY } from './activity-registry.token';

/**
 * The custom activities this deployment runs, loaded from the same list as the worker's
 * (built-ins plus LEADLINE_ACTIVITIES): served as a manifest at GET /api/activities, and exported
 * so flow validation can report activities the server does not have.
 */
@Module({
  imports: [AuthModule],
  controllers: [ActivitiesController],
  providers: [
    {
      provide: ACTIVITY_REGISTRY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ActivityRegistry => {
        const options = { builtIns: BUILT_IN_ACTIVITIES, modules: config.activities.modules };
        const registry = loadActivityRegistry(options);
        // In development the manifest and flow checks follow the activities' code without a restart.
        if (config.server.nodeEnv === 'development') watchActivityModules(registry, options);
        return registry;
      },
    },
  ],
  exports: [ACTIVITY_REGISTRY],
})
export class ActivitiesModule {}
