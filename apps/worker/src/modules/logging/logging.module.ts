import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { NestLogger } from './nest-logger';
import { ROOT_LOGGER } from './root-logger.token';

/**
 * pino everywhere: the root logger comes from the worker factory; nestjs-pino supplies the
 * injectable loggers (`Logger`, `PinoLogger`, `@InjectPinoLogger`). No HTTP request logging.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true, forRoutes: [] })],
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, NestLogger],
      exports: [ROOT_LOGGER, NestLogger],
    };
  }
}
