import { Inject } from '@nestjs/common';

/** DI token of the validated, frozen AppConfig from @leadline/config. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);
