import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { DataRightsController } from './data-rights.controller';
import { DataRightsService } from './data-rights.service';
import { QueuedWorkRemover } from './queued-work-remover';

/** Contact export and erasure, tenant export (libs/data-rights does the work). */
@Module({
  imports: [AuthModule, AuditModule],
  controllers: [DataRightsController],
  providers: [DataRightsService, QueuedWorkRemover],
})
export class DataRightsModule {}
