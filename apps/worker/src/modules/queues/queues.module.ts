import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { ENGINE_QUEUES } from '@leadline/engine';
import { ActivitiesModule } from '../activities/activities.module';
import { EmbeddedEngineService } from './embedded-engine.service';
import { engineRuntimeProvider } from './engine-runtime';
import { ActivitiesProcessor, ContactsProcessor } from './engine.processors';

/**
 * The embedded engine (imported by WorkerModule when LEADLINE_ENGINE=embedded): its contacts and
 * activities queues registered with @nestjs/bullmq and taken by @Processor classes; the sends, one
 * queue per WhatsApp number (`send.<channelId>`, made as channels appear), are the engine's own
 * workers with the same definitions (ENGINE_QUEUES); timers are fired from PostgreSQL by the engine's
 * own poller (libs/engine timer-poller.ts). See libs/engine for what each queue does.
 */
@Module({
  imports: [
    ActivitiesModule,
    BullModule.registerQueue({ name: ENGINE_QUEUES.contacts.name }, { name: ENGINE_QUEUES.activities.name }),
  ],
  providers: [engineRuntimeProvider, ContactsProcessor, ActivitiesProcessor, EmbeddedEngineService],
})
export class QueuesModule {}
