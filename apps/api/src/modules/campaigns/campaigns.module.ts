import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { ContactImportController } from './contact-import.controller';
import { SegmentsController } from './segments.controller';

/** Contact import, segments and campaigns (libs/campaigns does the work). */
@Module({
  imports: [AuthModule, AuditModule],
  controllers: [ContactImportController, SegmentsController, CampaignsController],
  providers: [CampaignsService],
})
export class CampaignsModule {}
