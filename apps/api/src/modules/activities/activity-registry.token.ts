import { Inject } from '@nestjs/common';

/** DI token of the ActivityRegistry: the built-in activities plus LEADLINE_ACTIVITIES, as the worker loads them. */
export const ACTIVITY_REGISTRY = Symbol('ACTIVITY_REGISTRY');

export const InjectActivityRegistry = (): ParameterDecorator => Inject(ACTIVITY_REGISTRY);
