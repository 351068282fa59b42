import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { QueueDashboardController } from './queue-dashboard.controller';
import { QueueDashboardService } from './queue-dashboard.service';

/** The queue dashboard at /admin/queues (bull-board), mounted by api-app.factory when turned on. */
@Module({
  imports: [AuthModule],
  controllers: [QueueDashboardController],
  providers: [QueueDashboardService],
  exports: [QueueDashboardService],
})
export class QueueDashboardModule {}
