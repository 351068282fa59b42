import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { FlowTemplatesController } from './flow-templates.controller';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';

/** What the flow editor needs: drafts, publishing, versions and diffs, analytics, templates to pick. */
@Module({
  imports: [AuthModule, AuditModule, ActivitiesModule],
  controllers: [FlowsController, FlowTemplatesController],
  providers: [FlowsService],
})
export class FlowsModule {}
