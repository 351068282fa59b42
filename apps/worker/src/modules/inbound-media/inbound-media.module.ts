import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { ActivitiesModule } from '../activities/activities.module';
import { INBOUND_MEDIA_QUEUE, InboundMediaProcessor } from './inbound-media.processor';
import { InboundMediaService } from './inbound-media.service';

/** Files customers send: downloaded from the provider and kept, in their own queue. */
@Module({
  imports: [ActivitiesModule, BullModule.registerQueue({ name: INBOUND_MEDIA_QUEUE })],
  providers: [InboundMediaProcessor, InboundMediaService],
})
export class InboundMediaModule {}
