import { Module } from '@nestjs/common';
import { OutboundEventsService } from './outbound-events.service';

/** Signed webhook deliveries of outbound events, with retries (libs/outbound-events). */
@Module({ providers: [OutboundEventsService] })
export class OutboundEventsModule {}
