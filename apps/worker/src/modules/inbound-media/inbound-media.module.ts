import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { InboundMediaService } from './inbound-media.service';

/** Files customers send: downloaded from the provider and kept, in their own queue. */
@Module({ imports: [ActivitiesModule], providers: [InboundMediaService] })
export class InboundMediaModule {}
