import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { TemporalWorkerService } from './temporal-worker.service';

/**
 * Home of the Temporal worker (LEADLINE_ENGINE=temporal): connects to TEMPORAL_ADDRESS and polls
 * TEMPORAL_TASK_QUEUE in TEMPORAL_NAMESPACE; does nothing in embedded mode.
 */
@Module({ imports: [ActivitiesModule], providers: [TemporalWorkerService] })
export class TemporalModule {}
