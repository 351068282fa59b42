import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { AiKeysController } from './ai-keys.controller';
import { AiKeysService } from './ai-keys.service';

/** Settings → AI keys: the workspace's own OpenAI and Gemini keys. */
@Module({
  imports: [AuthModule, AuditModule],
  controllers: [AiKeysController],
  providers: [AiKeysService],
})
export class AiKeysModule {}
