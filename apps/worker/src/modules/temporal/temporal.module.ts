import { Module } from '@nestjs/common';

/**
 * Home of the Temporal worker (LEADLINE_ENGINE=temporal): connects to TEMPORAL_ADDRESS and
 * polls TEMPORAL_TASK_QUEUE in TEMPORAL_NAMESPACE. It should start in onApplicationBootstrap
 * only when config.engine.mode === 'temporal' and shut down in beforeApplicationShutdown.
 */
@Module({})
export class TemporalModule {}
