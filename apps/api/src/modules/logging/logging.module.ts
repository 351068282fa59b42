import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { NestLogger } from './nest-logger';
import { ROOT_LOGGER } from './root-logger.token';

/**
 * pino everywhere: the root logger is created by the app factory (it is needed before Nest
 * exists); the factory also mounts pino-http and the request-context binding ahead of body
 * parsing (see request-logging.middleware.ts), so nestjs-pino only supplies the injectable
 * loggers (`Logger`, `PinoLogger`, `@InjectPinoLogger`), which pick up the per-request child.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger },
          useExisting: true,
          // Nest mounts consumer middleware as routes, which would make every unknown URL look
          // routed (and break the route label of metrics); the binding is mounted by the factory.
          forRoutes: [],
        }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, NestLogger],
      exports: [ROOT_LOGGER, NestLogger],
    };
  }
}
