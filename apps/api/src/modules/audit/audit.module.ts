import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AuditLogController } from './audit-log.controller';
import { AuditService } from './audit.service';

/** The audit log: AuditService for writing (feature modules import this module), GET /api/audit-logs for reading. */
@Module({
  imports: [AuthModule],
  controllers: [AuditLogController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
