import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { AgentMessagesService } from './agent-messages.service';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';

@Module({
  imports: [AuthModule, AuditModule],
  controllers: [ConversationsController],
  providers: [ConversationsService, AgentMessagesService],
  exports: [AgentMessagesService],
})
export class ConversationsModule {}
