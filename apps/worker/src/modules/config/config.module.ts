import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { APP_CONFIG } from './app-config.token';

/**
 * Provides the configuration that main.ts (or a test) already validated with loadConfig(), so
 * the application can never start with an invalid environment.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
