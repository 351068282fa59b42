import type { ImportReport } from '@leadline/campaigns';
import type { CampaignStats, RecipientView } from '@leadline/campaigns';
import type { ContactExport } from '@leadline/data-rights';
import type { UserView } from '@leadline/database';
import type { WorkspaceNotificationSettings } from '@leadline/notifications';
import type { SubscriptionView } from '@leadline/outbound-events';
import type { AiUsageSummary } from '@leadline/ai';
import { workspaceSettingsSchema } from '@leadline/notifications';
import { z } from 'zod';
import type { AiKeyView } from '../ai-keys/ai-keys.service';
import { aiKeyViewsSchema } from '../ai-keys/ai-keys-response.schema';
import type { ApiKeyView, CreatedApiKey } from '../api-keys/api-keys.service';
import { apiKeyViewSchema, createdApiKeySchema } from '../api-keys/api-keys-response.schema';
import type { AuditLogView } from '../audit/audit-log.controller';
import { auditLogPageSchema } from '../audit/audit-response.schema';
import { campaignStatsSchema, recipientPageSchema } from '../campaigns/campaigns-response.schema';
import type { ChannelView } from '../channels/channels.service';
import type { EmbeddedSignupOutcome, EmbeddedSignupSettings } from '../channels/embedded-signup.service';
import {
  channelViewSchema,
  embeddedSignupOutcomeSchema,
  embeddedSignupSettingsSchema,
} from '../channels/channels-response.schema';
import type { ContactView, NoteView } from '../contacts/contacts.service';
import {
  contactErasedSchema,
  contactExportSchema,
  contactViewSchema,
  importReportSchema,
  noteViewSchema,
} from '../contacts/contacts-response.schema';
import type { ContactErased } from '../data-rights/data-rights.service';
import type {
  ConversationDetail,
  ConversationView,
  MessageView,
  QueuedMessage,
} from '../conversations/conversations.service';
import {
  conversationDetailSchema,
  conversationViewSchema,
  messageViewSchema,
  queuedMessageSchema,
} from '../conversations/conversations-response.schema';
import type { DocumentView } from '../documents/documents.controller';
import { documentViewSchema } from '../documents/documents-response.schema';
import type { FlowAnalytics } from '../flows/flow-analytics';
import type { FlowDiff } from '../flows/flow-diff';
import type {
  FlowDetail,
  FlowSummary,
  KeywordConflict,
  PublishOutcome,
  VersionSummary,
} from '../flows/flows.service';
import {
  flowAnalyticsSchema,
  flowDetailSchema,
  flowDiffSchema,
  flowSummarySchema,
  keywordConflictSchema,
  publishOutcomeSchema,
  versionSummarySchema,
} from '../flows/flows-response.schema';
import type { InboxConversationDetail } from '../inbox/inbox-detail.service';
import type { InboxPage } from '../inbox/inbox-list.service';
import { inboxConversationDetailSchema, inboxPageSchema } from '../inbox/inbox-response.schema';
import type { PreferencesView } from '../notifications/notifications.service';
import { preferencesViewSchema } from '../notifications/notifications-response.schema';
import type { BoardColumn, MoveResult, StageChangeView, StageView } from '../pipeline/pipeline.service';
import {
  boardColumnSchema,
  moveResultSchema,
  stageChangeViewSchema,
  stageViewSchema,
} from '../pipeline/pipeline-response.schema';
import type { QuickReplyView } from '../quick-replies/quick-replies.service';
import { quickReplyViewSchema } from '../quick-replies/quick-replies-response.schema';
import { userViewSchema } from '../users/users-response.schema';
import { aiUsageSummarySchema } from '../usage/usage-response.schema';
import type { CreatedSubscription } from '../webhook-subscriptions/webhook-subscriptions.service';
import {
  createdSubscriptionSchema,
  subscriptionViewSchema,
} from '../webhook-subscriptions/webhook-subscriptions-response.schema';

/** What a value becomes in a JSON answer: dates turn into ISO strings. */
type AsJson<T> = T extends Date
  ? string
  : T extends Array<infer Item>
    ? Array<AsJson<Item>>
    : T extends object
      ? { [K in keyof T]: AsJson<T[K]> }
      : T;

/**
 * The services' return types, as JSON, fit the response schemas the OpenAPI document is built from:
 * `tsc` fails here when a service's answer changes and its schema does not (the contract test then
 * checks real answers against the document). The checks are types; the test only runs them.
 */
function fits<S extends z.ZodType>(schema: S) {
  return <_T extends z.output<S>>(): S => schema;
}

const checks = [
  fits(contactViewSchema)<AsJson<ContactView>>(),
  fits(noteViewSchema)<AsJson<NoteView>>(),
  fits(importReportSchema)<AsJson<ImportReport>>(),
  fits(contactErasedSchema)<AsJson<ContactErased>>(),
  fits(contactExportSchema)<AsJson<ContactExport>>(),
  fits(stageViewSchema)<AsJson<StageView>>(),
  fits(boardColumnSchema)<AsJson<BoardColumn>>(),
  fits(moveResultSchema)<AsJson<MoveResult>>(),
  fits(stageChangeViewSchema)<AsJson<StageChangeView>>(),
  fits(inboxPageSchema)<AsJson<InboxPage>>(),
  fits(inboxConversationDetailSchema)<AsJson<InboxConversationDetail>>(),
  fits(queuedMessageSchema)<AsJson<QueuedMessage>>(),
  fits(conversationViewSchema)<AsJson<ConversationView>>(),
  fits(conversationDetailSchema)<AsJson<ConversationDetail>>(),
  fits(messageViewSchema)<AsJson<MessageView>>(),
  fits(quickReplyViewSchema)<AsJson<QuickReplyView>>(),
  fits(documentViewSchema)<AsJson<DocumentView>>(),
  fits(flowSummarySchema)<AsJson<FlowSummary>>(),
  fits(flowDetailSchema)<AsJson<FlowDetail>>(),
  fits(versionSummarySchema)<AsJson<VersionSummary>>(),
  fits(flowDiffSchema)<AsJson<FlowDiff>>(),
  fits(publishOutcomeSchema)<AsJson<PublishOutcome>>(),
  fits(flowAnalyticsSchema)<AsJson<FlowAnalytics>>(),
  fits(keywordConflictSchema)<AsJson<KeywordConflict>>(),
  fits(campaignStatsSchema)<AsJson<CampaignStats>>(),
  fits(recipientPageSchema.shape.items.element)<AsJson<RecipientView>>(),
  fits(userViewSchema)<AsJson<UserView>>(),
  fits(apiKeyViewSchema)<AsJson<ApiKeyView>>(),
  fits(createdApiKeySchema)<AsJson<CreatedApiKey>>(),
  fits(auditLogPageSchema.shape.data.element)<AsJson<AuditLogView>>(),
  fits(aiKeyViewsSchema)<AsJson<AiKeyView[]>>(),
  fits(aiUsageSummarySchema)<AsJson<AiUsageSummary>>(),
  fits(channelViewSchema)<AsJson<ChannelView>>(),
  fits(embeddedSignupSettingsSchema)<AsJson<EmbeddedSignupSettings>>(),
  fits(embeddedSignupOutcomeSchema)<AsJson<EmbeddedSignupOutcome>>(),
  fits(preferencesViewSchema)<AsJson<PreferencesView>>(),
  fits(workspaceSettingsSchema)<AsJson<WorkspaceNotificationSettings>>(),
  fits(subscriptionViewSchema)<AsJson<SubscriptionView>>(),
  fits(createdSubscriptionSchema)<AsJson<CreatedSubscription>>(),
];

describe('response schemas', () => {
  it('are the ones the services answer with (checked by tsc)', () => {
    expect(checks.every((schema) => schema instanceof z.ZodType)).toBe(true);
  });
});
