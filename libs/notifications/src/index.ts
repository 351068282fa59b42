export {
  NOTIFICATION_EVENT_TYPES,
  NOTIFICATION_EVENT_LABELS,
  notificationEventTypeSchema,
  notificationPayloadSchemas,
  parseStoredEvent,
  type NotificationEventType,
  type NotificationPayload,
  type StoredNotificationEvent,
} from './event-types';
export { recordNotificationEvent, contactSummary, type NewNotificationEvent } from './record-event';
export {
  NOTIFICATION_CHANNELS,
  DEFAULT_CHOICE,
  DEFAULT_WORKSPACE_SETTINGS,
  defaultPreferences,
  isTimeZone,
  preferencesFromRow,
  preferencesSchema,
  wants,
  workspaceSettingsFromRow,
  workspaceSettingsSchema,
  type NotificationChannel,
  type NotificationPreferences,
  type WorkspaceNotificationSettings,
} from './preferences';
export { quietUntil } from './quiet-hours';
export { AUDIENCE, eventTypesFor, recipientsOf, type Recipient } from './recipients';
export {
  renderDigest,
  renderEvent,
  renderMail,
  renderPush,
  type Mail,
  type PushPayload,
  type RenderContext,
} from './render';
export {
  smtpMailSender,
  webPushSender,
  type MailSender,
  type PushResult,
  type PushSender,
  type PushTarget,
  type WebPushOptions,
} from './senders';
export { fanOutEvents } from './fan-out';
export { collectChannelAlerts } from './channel-alerts';
export {
  attemptNotification,
  notificationJobSchema,
  MAX_NOTIFICATION_ATTEMPTS,
  type DeliverOptions,
  type NotificationJob,
  type NotificationOutcome,
} from './deliver';
export { NotificationsDispatcher, type NotificationsDispatcherOptions } from './dispatcher';
export {
  deliverOptions,
  NotificationsFeeder,
  notificationsQueue,
  NOTIFICATIONS_QUEUE,
  NOTIFICATION_REQUEUE_AFTER_MS,
  INTERRUPTED_AFTER_MS,
  type NotificationsOptions,
} from './queue';
export {
  getPreferences,
  savePreferences,
  getWorkspaceSettings,
  saveWorkspaceSettings,
  pushSubscriptionSchema,
  savePushSubscription,
  removePushSubscription,
  type PushSubscriptionInput,
} from './settings-store';
