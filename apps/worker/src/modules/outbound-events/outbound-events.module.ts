import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { webhooksQueue } from '@leadline/outbound-events';
import { outboundEventsOptionsProvider } from './outbound-events.options';
import { OutboundEventsProcessor } from './outbound-events.processor';
import { OutboundEventsService } from './outbound-events.service';

/** Signed webhook deliveries of outbound events, with retries (libs/outbound-events). */
@Module({
  imports: [BullModule.registerQueue({ name: webhooksQueue.name })],
  providers: [outboundEventsOptionsProvider, OutboundEventsProcessor, OutboundEventsService],
})
export class OutboundEventsModule {}
