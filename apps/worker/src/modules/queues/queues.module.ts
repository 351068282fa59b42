import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { ENGINE_QUEUES } from '@leadline/engine';
import { ActivitiesModule } from '../activities/activities.module';
import { EmbeddedEngineService } from './embedded-engine.service';
import { engineRuntimeProvider } from './engine-runtime';
import { ActivitiesProcessor, ContactsProcessor, TimersProcessor } from './engine.processors';

/**
 * The embedded engine (imported by WorkerModule when LEADLINE_ENGINE=embedded): its contacts, timers
 * and activities queues registered with @nestjs/bullmq and taken by @Processor classes; the sends,
 * one queue per WhatsApp number (`send.<channelId>`, made as channels appear), are the engine's own
 * workers with the same definitions (ENGINE_QUEUES). See libs/engine for what each queue does.
 */
@Module({
  imports: [
    ActivitiesModule,
    BullModule.registerQueue(
      { name: ENGINE_QUEUES.contacts.name },
      { name: ENGINE_QUEUES.timers.name },
      { name: ENGINE_QUEUES.activities.name },
    ),
  ],
  providers: [
    engineRuntimeProvider,
    ContactsProcessor,
    TimersProcessor,
    ActivitiesProcessor,
    EmbeddedEngineService,
  ],
})
export class QueuesModule {}
