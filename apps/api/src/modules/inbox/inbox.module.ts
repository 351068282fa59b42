import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { RunsModule } from '../runs/runs.module';
import { InboxActionsService } from './inbox-actions.service';
import { InboxAttachmentsController } from './inbox-attachments.controller';
import { InboxAttachmentsService } from './inbox-attachments.service';
import { InboxDetailService } from './inbox-detail.service';
import { InboxListService } from './inbox-list.service';
import { InboxMediaController } from './inbox-media.controller';
import { InboxStreamController } from './inbox-stream.controller';
import { InboxStreamService } from './inbox-stream.service';
import { InboxController } from './inbox.controller';

/** The inbox people answer customers from: lists, chat view, actions, live updates. */
@Module({
  imports: [AuthModule, AuditModule, ConversationsModule, RunsModule],
  controllers: [InboxController, InboxStreamController, InboxMediaController, InboxAttachmentsController],
  providers: [
    InboxListService,
    InboxDetailService,
    InboxActionsService,
    InboxStreamService,
    InboxAttachmentsService,
  ],
})
export class InboxModule {}
