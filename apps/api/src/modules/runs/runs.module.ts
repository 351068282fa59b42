import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RunControlService } from './run-control.service';
import { RunsController } from './runs.controller';
import { RunsQueryService } from './runs-query.service';

@Module({
  imports: [AuthModule],
  controllers: [RunsController],
  providers: [RunsQueryService, RunControlService],
  exports: [RunControlService],
})
export class RunsModule {}
