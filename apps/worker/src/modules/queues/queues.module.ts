import { Module } from '@nestjs/common';
import { EmbeddedEngineService } from './embedded-engine.service';

/**
 * The embedded engine's BullMQ workers (contacts, sends per channel, timers, activities), started
 * when LEADLINE_ENGINE=embedded. See libs/engine for what each queue does.
 */
@Module({ providers: [EmbeddedEngineService] })
export class QueuesModule {}
