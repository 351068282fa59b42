import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { StateMetricsService } from './state-metrics.service';

/** Scrape-time gauges of queues, timers, handoffs and campaigns (see docs/operations.md). */
@Module({ imports: [ActivitiesModule], providers: [StateMetricsService] })
export class StateMetricsModule {}
