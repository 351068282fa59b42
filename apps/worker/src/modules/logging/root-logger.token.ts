import { Inject } from '@nestjs/common';

/** DI token of the process's root pino logger (the one pino-http and nestjs-pino write to). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export const InjectRootLogger = (): ParameterDecorator => Inject(ROOT_LOGGER);
