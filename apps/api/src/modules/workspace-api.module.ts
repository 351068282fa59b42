import { Module } from '@nestjs/common';
import { AiKeysModule } from './ai-keys/ai-keys.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ChannelsModule } from './channels/channels.module';
import { ContactsModule } from './contacts/contacts.module';
import { ConversationsModule } from './conversations/conversations.module';
import { DocumentsModule } from './documents/documents.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { QuickRepliesModule } from './quick-replies/quick-replies.module';
import { SessionsModule } from './sessions/sessions.module';
import { TemplatesModule } from './templates/templates.module';
import { UsageModule } from './usage/usage.module';
import { UsersModule } from './users/users.module';

/** The workspace's REST resources and sign-in, in one place so AppModule lists them once. */
@Module({
  imports: [
    SessionsModule,
    AuditModule,
    ApiKeysModule,
    UsersModule,
    ContactsModule,
    ConversationsModule,
    TemplatesModule,
    ChannelsModule,
    DocumentsModule,
    UsageModule,
    CampaignsModule,
    PipelineModule,
    QuickRepliesModule,
    AiKeysModule,
  ],
})
export class WorkspaceApiModule {}
