import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { EmbeddedEngineService } from './embedded-engine.service';

/**
 * The embedded engine's BullMQ workers (contacts, sends per channel, timers, activities), started
 * when LEADLINE_ENGINE=embedded. See libs/engine for what each queue does.
 */
@Module({ imports: [ActivitiesModule], providers: [EmbeddedEngineService] })
export class QueuesModule {}
