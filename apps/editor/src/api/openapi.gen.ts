// Generated from apps/api/openapi.json by `npm run openapi` (tools/openapi). Do not edit.
export interface paths {
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics (docs/operations.md lists them) */
    get: operations['MetricsController_scrape'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process serves HTTP */
    get: operations['HealthController_liveness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: PostgreSQL and Redis answer */
    get: operations['HealthController_readinessProbe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/meta': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Meta's subscription handshake: echoes hub.challenge when the verify token matches */
    get: operations['MetaWebhookController_verify'];
    put?: never;
    /** Messages and statuses from Meta (signed with X-Hub-Signature-256) */
    post: operations['MetaWebhookController_receive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/twilio': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Messages and statuses from Twilio (signed with X-Twilio-Signature) */
    post: operations['TwilioWebhookController_receive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/media/documents/{id}/{filename}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['DocumentLinksController_download'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/media/files/{id}/{filename}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['MediaLinksController_download'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/leads': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Submit a lead: the contact is created or updated and the flow starts for it */
    post: operations['LeadsController_submit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Flow runs, newest first, filtered by status, flow, contact or phone */
    get: operations['RunsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A run with its steps and messages */
    get: operations['RunsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ask the engine to cancel a run */
    post: operations['RunsController_cancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Hand a run back from a person to the flow, optionally at a node */
    post: operations['RunsController_resume'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/contacts/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['DataRightsController_exportContact'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/contacts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ContactsController_get'];
    put?: never;
    post?: never;
    delete: operations['DataRightsController_eraseContact'];
    options?: never;
    head?: never;
    /** Correct name, tags (replace or add/remove) and fields (merge; null removes) */
    patch: operations['ContactsController_update'];
    trace?: never;
  };
  '/api/tenant/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['DataRightsController_exportTenant'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/webhook-subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WebhookSubscriptionsController_list'];
    put?: never;
    post: operations['WebhookSubscriptionsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/webhook-subscriptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['WebhookSubscriptionsController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/preferences': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['NotificationsController_preferences'];
    put: operations['NotificationsController_savePreferences'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/push-subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['NotificationsController_subscribe'];
    delete: operations['NotificationsController_unsubscribe'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/notifications/workspace': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['NotificationsController_workspace'];
    put: operations['NotificationsController_saveWorkspace'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Conversations, newest activity first: ?filter=all|mine|unassigned|handoff|bot|closed, ?q= (name or phone), unread counts for the caller */
    get: operations['InboxController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The people a conversation can be assigned to (agents and above) */
    get: operations['InboxController_members'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A conversation with its history, notes, runs (and the steps to resume at), 24-hour window, documents and approved templates */
    get: operations['InboxController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Marks the conversation read up to now for the caller (a person's unread count) */
    post: operations['InboxController_read'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/claim': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The caller takes the conversation */
    post: operations['InboxController_claim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/assignee': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Assigns the conversation to a member (agents and above), or null for nobody */
    put: operations['InboxController_assign'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/notes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An internal note for the team; never sent to the contact */
    post: operations['InboxController_note'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Closes the conversation (409 ALREADY_CLOSED) */
    post: operations['InboxController_resolve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/hand-back': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Hands the conversation back to the bot: the handed-off run resumes at nodeId (without one it finishes) or ends; 409 NOT_HANDED_OFF */
    post: operations['InboxController_handBack'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A text reply inside the 24-hour window (409 WINDOW_CLOSED after it) */
    post: operations['InboxController_reply'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/template': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An approved template of the conversation's number with its body parameters (works when the window is closed) */
    post: operations['InboxController_template'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sends one of the contact's quotes or invoices (inside the window) */
    post: operations['InboxController_document'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/stream-token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A one-minute token to open GET /api/inbox/events (EventSource cannot send headers) */
    post: operations['InboxStreamController_token'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Server-sent events: `inbox` events ({kind, contactId, conversationId}) whenever one of the workspace's conversations changes */
    get: operations['InboxStreamController_events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/media/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A file a customer sent (image, audio, video or document) */
    get: operations['InboxMediaController_download'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/inbox/conversations/{id}/attachments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sends a photo or document from disk (body: the file; 415 ATTACHMENT_TYPE, 413 ATTACHMENT_TOO_LARGE, 409 WINDOW_CLOSED) */
    post: operations['InboxAttachmentsController_attach'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The flows (archived ones with ?archived=true) */
    get: operations['FlowsController_list'];
    put?: never;
    /** Create a flow from a document (its draft) */
    post: operations['FlowsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A flow: its draft and its active version */
    get: operations['FlowsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/draft': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Save the draft (publishing is separate) */
    put: operations['FlowsController_saveDraft'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/duplicate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Copy a flow (its draft) under a new key */
    post: operations['FlowsController_duplicate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Published versions, newest first */
    get: operations['FlowsController_versions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/versions/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One published version with its definition */
    get: operations['FlowsController_version'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What differs between two versions (or a version and the draft) */
    get: operations['FlowsController_diff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/keyword-conflicts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Other live flows whose triggers answer to some of this draft's keywords */
    get: operations['FlowsController_keywordConflicts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/publish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Publish the draft as a new version (refused when it has errors) */
    post: operations['FlowsController_publish'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/archive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Archive a flow: it stops starting runs */
    post: operations['FlowsController_archive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/unarchive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Bring an archived flow back */
    post: operations['FlowsController_unarchive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flows/{id}/analytics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Runs of one version over a period: completed, in progress, dropped; per step and per button */
    get: operations['FlowsController_analytics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/flow-templates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The synced templates, as the editor's template picker needs them */
    get: operations['FlowTemplatesController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/activities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The custom activities this server runs
     * @description `{ activities: [{ name, title, description, input, output, secrets, timeoutMs, retry }] }`, sorted by name; `input` and `output` are JSON Schemas (draft 2020-12) of the activity node's input and saved output.
     */
    get: operations['ActivitiesController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/queue-dashboard/ticket': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A one-minute link to the queue dashboard (owners and admins of the operator workspace) */
    post: operations['QueueDashboardController_ticket'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit-logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit log, newest first; filter by action (or prefix like "user."), actor, target */
    get: operations['AuditLogController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in: returns a 15-minute access token and a rotating refresh token */
    post: operations['SessionsController_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Trade a refresh token for new tokens (the old refresh token stops working) */
    post: operations['SessionsController_refresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the session the refresh token belongs to */
    post: operations['SessionsController_logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller: kind (user or api_key), tenant, role, permissions, workspace and (people) name */
    get: operations['SessionsController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change your own password; every session of yours ends (sign in again) */
    post: operations['SessionsController_changePassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List API keys (never the keys themselves); ?revoked=true|false */
    get: operations['ApiKeysController_list'];
    put?: never;
    /** Create a scoped key; the key is in this answer only */
    post: operations['ApiKeysController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a key: it stops working at once */
    delete: operations['ApiKeysController_revoke'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Members of the workspace; ?role= */
    get: operations['UsersController_list'];
    put?: never;
    /** Add a member with a first password (adding an owner: owners only) */
    post: operations['UsersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['UsersController_get'];
    put?: never;
    post?: never;
    /** Remove a member (an owner: owners only; never the last owner) */
    delete: operations['UsersController_remove'];
    options?: never;
    head?: never;
    /** Rename, or change the role (owners only; the last owner stays an owner) */
    patch: operations['UsersController_update'];
    trace?: never;
  };
  '/api/contacts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Contacts, a keyset page at a time; ?sort=created|name|last_message&order=, ?q= (phone or name), ?tag=, ?optIn=, ?stage= (id or none), ?lastMessage=24h|7d|30d|older|never, ?field=&value= */
    get: operations['ContactsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/contacts/{id}/notes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The team's internal notes on the contact, newest first (the last 100) */
    get: operations['ContactsController_notes'];
    put?: never;
    /** Add an internal note (never sent to the contact) */
    post: operations['ContactsController_addNote'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/conversations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Conversations, newest first; ?status=, ?contact=, ?assigned=me|none|<user id> */
    get: operations['ConversationsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/conversations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A conversation with its active runs (resume/cancel them at /api/runs/:id) */
    get: operations['ConversationsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Assign (take over) or close a conversation */
    patch: operations['ConversationsController_update'];
    trace?: never;
  };
  '/api/conversations/{id}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A conversation's messages, newest first */
    get: operations['ConversationsController_messages'];
    put?: never;
    /** Send the contact a text message as a person (e.g. during a handoff); 409 WINDOW_CLOSED more than 24 h after the contact's last message */
    post: operations['ConversationsController_send'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/templates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Templates by name and language; ?channel=, ?status=approved, ?name= */
    get: operations['TemplatesController_list'];
    put?: never;
    /** Submit a template for WhatsApp's review on a channel (rules checked first); resubmit after a rejection */
    post: operations['TemplatesController_submit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/channels/meta/embedded-signup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether Embedded Signup is offered, with the Meta app's public ids for the SDK */
    get: operations['EmbeddedSignupController_settings'];
    put?: never;
    /** Finish Embedded Signup: exchange the code, subscribe the app, register the number, store the channel, sync templates */
    post: operations['EmbeddedSignupController_complete'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/channels': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** WhatsApp numbers (credentials are never returned, only hasCredentials) */
    get: operations['ChannelsController_list'];
    put?: never;
    /** Add a number; credentials are encrypted at rest (AES-256-GCM) at once */
    post: operations['ChannelsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/channels/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ChannelsController_get'];
    put?: never;
    post?: never;
    /** Delete a number that has no conversations */
    delete: operations['ChannelsController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Documents, newest first; ?contact=, ?run=, ?kind=quote|invoice */
    get: operations['DocumentsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/documents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['DocumentsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/documents/{id}/pdf': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Download the PDF */
    get: operations['DocumentsController_pdf'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/usage/ai': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** AI usage in [from, to) (default: the last 30 days), optionally of one run */
    get: operations['UsageController_ai'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/contacts/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Import contacts from CSV (header row; phone, name, email, tags, opt-in columns; others become fields). ?country=PT&tag=a&tag=b&optIn=<source> */
    post: operations['ContactImportController_import'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/segments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Saved segments, by name, each with how many contacts it matches now */
    get: operations['SegmentsController_list'];
    put?: never;
    post: operations['SegmentsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/segments/count': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** How many contacts a filter matches (live count while editing) */
    post: operations['SegmentsController_count'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/segments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put: operations['SegmentsController_update'];
    post?: never;
    delete: operations['SegmentsController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Campaigns, newest first, each with its numbers */
    get: operations['CampaignsController_list'];
    put?: never;
    /** Create a campaign (a draft until started): template, audience, parameters, follow-up flow */
    post: operations['CampaignsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Audience count and the template as contacts will read it, for the create form */
    post: operations['CampaignsController_preview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A campaign with sent, delivered, read, failed, replied, completed and skipped counts */
    get: operations['CampaignsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns/{id}/recipients': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Recipients with their message status and why one failed or was skipped */
    get: operations['CampaignsController_recipients'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns/{id}/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start now, or schedule when the campaign has a send time ahead */
    post: operations['CampaignsController_start'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns/{id}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['CampaignsController_pause'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['CampaignsController_resume'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['CampaignsController_cancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/pipeline/stages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspace's pipeline stages in board order, with how many contacts each holds */
    get: operations['PipelineController_stages'];
    put?: never;
    /** Add a stage (409 STAGE_EXISTS when the name is taken, ignoring case) */
    post: operations['PipelineController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/pipeline/board': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Each stage with its most recently moved contacts (?perStage=, default 50) */
    get: operations['PipelineController_board'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/pipeline/stages/order': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Put the stages in a new order (every stage's id, once) */
    put: operations['PipelineController_reorder'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/pipeline/stages/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a stage; its contacts leave the pipeline (their history stays) */
    delete: operations['PipelineController_remove'];
    options?: never;
    head?: never;
    /** Rename a stage, change its colour or the flow it starts */
    patch: operations['PipelineController_update'];
    trace?: never;
  };
  '/api/contacts/{id}/stage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Move a contact to a stage (null: out of the pipeline); records who and when, and starts the stage's flow */
    put: operations['PipelineController_move'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/contacts/{id}/stage-changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The contact's stage history, newest first (the last 100) */
    get: operations['PipelineController_history'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/quick-replies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspace's quick replies, by title */
    get: operations['QuickRepliesController_list'];
    put?: never;
    /** Add a quick reply (409 QUICK_REPLY_EXISTS when the title is taken) */
    post: operations['QuickRepliesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/quick-replies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Change a quick reply */
    put: operations['QuickRepliesController_update'];
    post?: never;
    /** Remove a quick reply */
    delete: operations['QuickRepliesController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/settings/ai-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Which providers have a key of the workspace (never the key itself) */
    get: operations['AiKeysController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/settings/ai-keys/{provider}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Sets or replaces the workspace's openai or gemini key (sealed), and its model */
    put: operations['AiKeysController_set'];
    post?: never;
    /** Removes the workspace's key (AI steps fall back on the server's, if any) */
    delete: operations['AiKeysController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Zod_113ae44d83: unknown;
    Zod_25b2868460:
      | {
          all: components['schemas']['Zod_25b2868460'][];
        }
      | {
          any: components['schemas']['Zod_25b2868460'][];
        }
      | {
          not: components['schemas']['Zod_25b2868460'];
        }
      | (
          | {
              /** @constant */
              kind: 'tag';
              /** @enum {string} */
              op: 'has' | 'lacks';
              tag: string;
            }
          | {
              /** @constant */
              kind: 'stage';
              /** @enum {string} */
              op: 'is' | 'is_not' | 'none';
              stage?: string;
            }
          | {
              /** @constant */
              kind: 'field';
              key: string;
              /** @enum {string} */
              op: 'equals' | 'not_equals' | 'contains' | 'exists' | 'missing';
              value?: string;
            }
          | {
              /** @constant */
              kind: 'opt_in';
              /** @enum {string} */
              state: 'opted_in' | 'opted_out' | 'unknown';
            }
          | {
              /** @enum {string} */
              kind: 'last_inbound' | 'last_outbound';
              /** @enum {string} */
              op: 'within' | 'before' | 'never';
              days?: number;
            }
          | {
              /** @constant */
              kind: 'flow_outcome';
              flowKey: string;
              /** @enum {string} */
              outcome: 'completed' | 'failed' | 'handoff' | 'cancelled' | 'active' | 'never_started';
            }
        );
    Zod_e938792724:
      | {
          all: components['schemas']['Zod_e938792724'][];
        }
      | {
          any: components['schemas']['Zod_e938792724'][];
        }
      | {
          not: components['schemas']['Zod_e938792724'];
        }
      | (
          | {
              /** @constant */
              kind: 'tag';
              /** @enum {string} */
              op: 'has' | 'lacks';
              tag: string;
            }
          | {
              /** @constant */
              kind: 'stage';
              /** @enum {string} */
              op: 'is' | 'is_not' | 'none';
              stage?: string;
            }
          | {
              /** @constant */
              kind: 'field';
              key: string;
              /** @enum {string} */
              op: 'equals' | 'not_equals' | 'contains' | 'exists' | 'missing';
              value?: string;
            }
          | {
              /** @constant */
              kind: 'opt_in';
              /** @enum {string} */
              state: 'opted_in' | 'opted_out' | 'unknown';
            }
          | {
              /** @enum {string} */
              kind: 'last_inbound' | 'last_outbound';
              /** @enum {string} */
              op: 'within' | 'before' | 'never';
              days?: number;
            }
          | {
              /** @constant */
              kind: 'flow_outcome';
              flowKey: string;
              /** @enum {string} */
              outcome: 'completed' | 'failed' | 'handoff' | 'cancelled' | 'active' | 'never_started';
            }
        );
    Error: {
      error: {
        /** @description Stable machine-readable code, e.g. NOT_FOUND */
        code: string;
        message: string;
        requestId: string;
        details?: string[];
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  MetricsController_scrape: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text exposition format */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  HealthController_liveness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ok';
          };
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  HealthController_readinessProbe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ready */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ready' | 'not_ready';
            checks: {
              [key: string]: 'up' | 'down';
            };
            /** @description Only for failing checks, credentials removed */
            reasons?: {
              [key: string]: string;
            };
          };
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Not ready: `reasons` names the failing checks */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ready' | 'not_ready';
            checks: {
              [key: string]: 'up' | 'down';
            };
            /** @description Only for failing checks, credentials removed */
            reasons?: {
              [key: string]: string;
            };
          };
        };
      };
    };
  };
  MetaWebhookController_verify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The challenge */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description error.code: VERIFY_TOKEN_MISMATCH */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  MetaWebhookController_receive: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Meta's webhook notification (object: whatsapp_business_account, entry[].changes[]) */
    requestBody: {
      content: {
        'application/json': {
          [key: string]: unknown;
        };
      };
    };
    responses: {
      /** @description Acknowledged */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': 'EVENT_RECEIVED';
        };
      };
      /** @description error.code: MALFORMED_WEBHOOK */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: INVALID_SIGNATURE */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  TwilioWebhookController_receive: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Twilio's message or status callback (MessageSid, From, To, Body, MessageStatus, …) */
    requestBody: {
      content: {
        'application/x-www-form-urlencoded': {
          [key: string]: string;
        };
      };
    };
    responses: {
      /** @description Acknowledged: an empty TwiML response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/xml': string;
        };
      };
      /** @description error.code: MALFORMED_WEBHOOK */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: INVALID_SIGNATURE */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DocumentLinksController_download: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        filename: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The document (its own type, e.g. application/pdf) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  MediaLinksController_download: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        filename: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file, with the type it was received with */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  LeadsController_submit: {
    parameters: {
      query?: never;
      header?: {
        /** @description Retries with the same key start no second run (at most 200 characters) */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          phone: string;
          name?: string;
          fields?: {
            [key: string]: components['schemas']['Zod_113ae44d83'];
          };
          flow: string;
        };
      };
    };
    responses: {
      /** @description Accepted: the flow runs in a worker */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            contactId: string;
            /** @description False when this Idempotency-Key was seen before: no second run starts */
            accepted: boolean;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No published flow with this key and an API trigger. error.code: FLOW_NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The workspace has no channel to reach the contact on. error.code: NO_CHANNEL */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RunsController_list: {
    parameters: {
      query?: {
        status?: string;
        flow?: string;
        contact?: string;
        cursor?: string;
        limit?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              flowKey: string;
              flowVersion: number;
              /** Format: uuid */
              contactId: string;
              contactPhone: string;
              /** @enum {string} */
              status: 'running' | 'waiting' | 'handoff' | 'completed' | 'failed' | 'cancelled';
              currentNode: string | null;
              /** Format: date-time */
              startedAt: string;
              /** Format: date-time */
              updatedAt: string;
              endedAt: string | null;
              /** @description { code, message, nodeId? } when the run failed */
              error: unknown;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RunsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            flowKey: string;
            flowVersion: number;
            /** Format: uuid */
            contactId: string;
            contactPhone: string;
            /** @enum {string} */
            status: 'running' | 'waiting' | 'handoff' | 'completed' | 'failed' | 'cancelled';
            currentNode: string | null;
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            updatedAt: string;
            endedAt: string | null;
            /** @description { code, message, nodeId? } when the run failed */
            error: unknown;
            conversationId: string | null;
            vars: unknown;
            events: {
              seq: number;
              /** Format: date-time */
              at: string;
              type: string;
              nodeId: string | null;
              port: string | null;
              data: unknown;
            }[];
            messages: {
              /** Format: uuid */
              id: string;
              direction: string;
              type: string;
              status: string;
              body: unknown;
              templateName: string | null;
              errorCode: string | null;
              errorMessage: string | null;
              /** Format: date-time */
              createdAt: string;
              sentAt: string | null;
              deliveredAt: string | null;
              readAt: string | null;
              failedAt: string | null;
            }[];
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: RUN_NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RunsController_cancel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Recorded; the engine applies it moments later */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            runId: string;
            /** @enum {string} */
            action: 'cancel' | 'resume';
            /** @description The run's status when the request was recorded; the engine applies it moments later */
            status: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: RUN_NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The run cannot take this action now. error.code: RUN_ENDED, RUN_NOT_IN_HANDOFF */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  RunsController_resume: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          nodeId?: string;
        };
      };
    };
    responses: {
      /** @description Recorded; the engine applies it moments later */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            runId: string;
            /** @enum {string} */
            action: 'cancel' | 'resume';
            /** @description The run's status when the request was recorded; the engine applies it moments later */
            status: string;
          };
        };
      };
      /** @description The input is not valid, or names no node of the flow. error.code: VALIDATION_FAILED, UNKNOWN_NODE */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: RUN_NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The run cannot take this action now. error.code: RUN_ENDED, RUN_NOT_IN_HANDOFF */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DataRightsController_exportContact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Everything held about the contact (a download) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            format: 'leadline.contact-export.v1';
            /** Format: date-time */
            exportedAt: string;
            contact: {
              [key: string]: unknown;
            };
            conversations: {
              [key: string]: unknown;
            }[];
            messages: {
              [key: string]: unknown;
            }[];
            runs: {
              [key: string]: unknown;
            }[];
            documents: {
              [key: string]: unknown;
            }[];
            aiUsage: {
              [key: string]: unknown;
            }[];
            contactEvents: {
              [key: string]: unknown;
            }[];
            runTimers: {
              [key: string]: unknown;
            }[];
            outboundEvents: {
              [key: string]: unknown;
            }[];
            campaigns: {
              [key: string]: unknown;
            }[];
            conversationNotes: {
              [key: string]: unknown;
            }[];
            media: {
              [key: string]: unknown;
            }[];
            stageChanges: {
              [key: string]: unknown;
            }[];
            notes: {
              [key: string]: unknown;
            }[];
            notifications: {
              [key: string]: unknown;
            }[];
          };
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ContactsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @description E.164 */
            phone: string;
            name: string | null;
            /** @description Custom fields, an object of name → value */
            fields: unknown;
            tags: string[];
            /** @enum {string} */
            optInState: 'opted_in' | 'opted_out' | 'unknown';
            optedInAt: string | null;
            optedOutAt: string | null;
            lastInboundAt: string | null;
            /** @description Click-to-WhatsApp ad referral of the first inbound message, or null */
            referral: unknown;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            stage: {
              /** Format: uuid */
              id: string;
              name: string;
              color: string;
            } | null;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DataRightsController_eraseContact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            contactId: string;
            /** @description Rows deleted per table */
            deleted: {
              [key: string]: number;
            };
          };
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ContactsController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string | null;
          tags?: string[];
          addTags?: string[];
          removeTags?: string[];
          fields?: {
            [key: string]: components['schemas']['Zod_113ae44d83'];
          };
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @description E.164 */
            phone: string;
            name: string | null;
            /** @description Custom fields, an object of name → value */
            fields: unknown;
            tags: string[];
            /** @enum {string} */
            optInState: 'opted_in' | 'opted_out' | 'unknown';
            optedInAt: string | null;
            optedOutAt: string | null;
            lastInboundAt: string | null;
            /** @description Click-to-WhatsApp ad referral of the first inbound message, or null */
            referral: unknown;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            stage: {
              /** Format: uuid */
              id: string;
              name: string;
              color: string;
            } | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DataRightsController_exportTenant: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The whole workspace as one JSON document (a streamed download) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  WebhookSubscriptionsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              url: string;
              events: string[];
              description: string | null;
              /** Format: date-time */
              createdAt: string;
            }[];
          };
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  WebhookSubscriptionsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          url: string;
          events: ('lead.captured' | 'run.completed' | 'run.handoff' | 'message.failed')[];
          description?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            url: string;
            events: string[];
            description: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description The signing secret: shown in this answer only, stored sealed */
            secret: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  WebhookSubscriptionsController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  NotificationsController_preferences: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            preferences: {
              events: {
                [key: string]: {
                  email: boolean;
                  push: boolean;
                };
              };
              quietHours: {
                start: string;
                end: string;
              } | null;
              timeZone: string;
            };
            /** @description The event types this person can be notified of (by their role), with their plain words, in the order the settings page lists them */
            events: {
              type: string;
              label: string;
            }[];
            /** @description The VAPID public key browsers subscribe with; null: web push is off */
            pushPublicKey: string | null;
            /** @description Whether e-mail can go out at all (SMTP configured) */
            emailEnabled: boolean;
          };
        };
      };
      /** @description Preferences belong to a signed-in person, not an API key. error.code: FORBIDDEN, SCOPE_NOT_HELD, USER_ONLY */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  NotificationsController_savePreferences: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          events: {
            [key: string]: {
              email: boolean;
              push: boolean;
            };
          };
          quietHours: {
            start: string;
            end: string;
          } | null;
          timeZone: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            preferences: {
              events: {
                [key: string]: {
                  email: boolean;
                  push: boolean;
                };
              };
              quietHours: {
                start: string;
                end: string;
              } | null;
              timeZone: string;
            };
            /** @description The event types this person can be notified of (by their role), with their plain words, in the order the settings page lists them */
            events: {
              type: string;
              label: string;
            }[];
            /** @description The VAPID public key browsers subscribe with; null: web push is off */
            pushPublicKey: string | null;
            /** @description Whether e-mail can go out at all (SMTP configured) */
            emailEnabled: boolean;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Preferences belong to a signed-in person, not an API key. error.code: FORBIDDEN, SCOPE_NOT_HELD, USER_ONLY */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  NotificationsController_subscribe: {
    parameters: {
      query?: never;
      header: {
        'user-agent': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uri */
          endpoint: string;
          keys: {
            p256dh: string;
            auth: string;
          };
          expirationTime?: number | null;
        };
      };
    };
    responses: {
      /** @description Done; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Preferences belong to a signed-in person, not an API key. error.code: FORBIDDEN, SCOPE_NOT_HELD, USER_ONLY */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  NotificationsController_unsubscribe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          endpoint: string;
        };
      };
    };
    responses: {
      /** @description Done; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Preferences belong to a signed-in person, not an API key. error.code: FORBIDDEN, SCOPE_NOT_HELD, USER_ONLY */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: PUSH_SUBSCRIPTION_NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  NotificationsController_workspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            digest: {
              enabled: boolean;
              threshold: number;
              windowMinutes: number;
            };
            includeMessageText: boolean;
          };
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  NotificationsController_saveWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          digest: {
            enabled: boolean;
            threshold: number;
            windowMinutes: number;
          };
          includeMessageText: boolean;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            digest: {
              enabled: boolean;
              threshold: number;
              windowMinutes: number;
            };
            includeMessageText: boolean;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_list: {
    parameters: {
      query?: {
        filter?: 'all' | 'mine' | 'unassigned' | 'handoff' | 'bot' | 'closed';
        q?: string;
        cursor?: string;
        limit?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              /** @enum {string} */
              status: 'open' | 'handoff' | 'closed';
              contact: {
                /** Format: uuid */
                id: string;
                name: string | null;
                phone: string;
              };
              assignee: {
                /** Format: uuid */
                id: string;
                name: string;
              } | null;
              /** @description A flow is running for the contact (not handed off) */
              botActive: boolean;
              /** @description The contact's messages since the caller last opened it */
              unread: number;
              lastMessage: {
                /** @enum {string} */
                direction: 'in' | 'out';
                /** @enum {string} */
                from: 'contact' | 'bot' | 'person';
                /** @enum {string} */
                kind: 'text' | 'buttons' | 'reply' | 'media' | 'document' | 'template' | 'location' | 'other';
                text: string | null;
                status: string;
              } | null;
              /** Format: date-time */
              lastActivityAt: string;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_members: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            role: string;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: 'open' | 'handoff' | 'closed';
            contact: {
              /** Format: uuid */
              id: string;
              name: string | null;
              phone: string;
              optInState: string;
            };
            channel: {
              provider: string;
              phone: string | null;
            };
            assignee: {
              /** Format: uuid */
              id: string;
              name: string;
            } | null;
            /** @description The contact's 24-hour window; now is the server's clock */
            window: {
              open: boolean;
              closesAt: string | null;
              /** Format: date-time */
              now: string;
            };
            runs: {
              /** Format: uuid */
              id: string;
              flowName: string;
              status: string;
              /** @description Where it stands, in plain words */
              at: string | null;
              steps: {
                id: string;
                label: string;
              }[];
            }[];
            messages: {
              /** Format: uuid */
              id: string;
              /** @enum {string} */
              direction: 'in' | 'out';
              /** @enum {string} */
              from: 'contact' | 'bot' | 'person';
              authorName: string | null;
              /** @enum {string} */
              kind: 'text' | 'buttons' | 'reply' | 'media' | 'document' | 'template' | 'location' | 'other';
              text: string | null;
              /** @description The choices the bot offered (buttons or list rows), by title */
              choices: string[];
              template: {
                name: string;
                params: string[];
              } | null;
              document: {
                id: string;
                filename: string;
                url: string;
              } | null;
              media: {
                kind: string;
                caption: string | null;
                filename: string | null;
                mimeType: string | null;
                /**
                 * @description pending: still downloading; stored: url opens it; rejected/failed/none: not available
                 * @enum {string}
                 */
                state: 'pending' | 'stored' | 'rejected' | 'failed' | 'none';
                url: string | null;
              } | null;
              status: string;
              error: string | null;
              /** Format: date-time */
              at: string;
            }[];
            olderMessages: boolean;
            notes: {
              /** Format: uuid */
              id: string;
              body: string;
              author: string;
              /** Format: date-time */
              at: string;
            }[];
            documents: {
              /** Format: uuid */
              id: string;
              kind: string;
              number: string;
              filename: string;
              currency: string;
              totalMinor: string;
            }[];
            templates: {
              name: string;
              language: string;
              category: string;
              body: string;
              paramCount: number;
            }[];
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_read: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            readAt: string;
          };
        };
      };
      /** @description Read markers belong to people, not API keys. error.code: USER_REQUIRED */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_claim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assigneeId: string | null;
          };
        };
      };
      /** @description Only a signed-in person can claim. error.code: USER_REQUIRED */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_assign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          userId: string | null;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assigneeId: string | null;
          };
        };
      };
      /** @description error.code: VALIDATION_FAILED, ASSIGNEE_CANNOT_REPLY */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_note: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            body: string;
            /** Format: date-time */
            at: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_resolve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'closed';
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: ALREADY_CLOSED */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_handBack: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json':
          | {
              /** @constant */
              action: 'resume';
              nodeId?: string;
            }
          | {
              /** @constant */
              action: 'end';
            };
      };
    };
    responses: {
      /** @description Accepted: the worker resumes or ends the run */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            runId: string;
            /** @enum {string} */
            action: 'resume' | 'end';
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: NOT_HANDED_OFF */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_reply: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          text: string;
        };
      };
    };
    responses: {
      /** @description Accepted: queued for sending */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @constant */
            status: 'queued';
            /** @description When the contact's 24-hour window closes unless they write again (null: it is closed) */
            windowClosesAt: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description More than 24 hours since the contact's last message: send a template. error.code: WINDOW_CLOSED */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_template: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          language: string;
          /** @default [] */
          params?: string[];
        };
      };
    };
    responses: {
      /** @description Accepted: queued for sending */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @constant */
            status: 'queued';
            /** @description When the contact's 24-hour window closes unless they write again (null: it is closed) */
            windowClosesAt: string | null;
          };
        };
      };
      /** @description error.code: VALIDATION_FAILED, TEMPLATE_NOT_APPROVED */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxController_document: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          documentId: string;
        };
      };
    };
    responses: {
      /** @description Accepted: queued for sending */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @constant */
            status: 'queued';
            /** @description When the contact's 24-hour window closes unless they write again (null: it is closed) */
            windowClosesAt: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description More than 24 hours since the contact's last message: send a template. error.code: WINDOW_CLOSED */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxStreamController_token: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            token: string;
            expiresInSeconds: number;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxStreamController_events: {
    parameters: {
      query: {
        /** @description From POST /api/inbox/stream-token */
        token: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Server-sent events */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxMediaController_download: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file, with the type it was received with */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  InboxAttachmentsController_attach: {
    parameters: {
      query?: {
        filename?: string;
        caption?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    /** @description The file itself */
    requestBody: {
      content: {
        'image/jpeg': string;
        'image/png': string;
        'application/pdf': string;
        'text/plain': string;
        'application/msword': string;
        'application/vnd.ms-excel': string;
        'application/vnd.ms-powerpoint': string;
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document': string;
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': string;
        'application/vnd.openxmlformats-officedocument.presentationml.presentation': string;
      };
    };
    responses: {
      /** @description Accepted: queued for sending */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @constant */
            status: 'queued';
            /** @description When the contact's 24-hour window closes unless they write again (null: it is closed) */
            windowClosesAt: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description More than 24 hours since the contact's last message: send a template. error.code: WINDOW_CLOSED */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: ATTACHMENT_TOO_LARGE */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: ATTACHMENT_TYPE */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_list: {
    parameters: {
      query?: {
        archived?: 'true' | 'false';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            key: string;
            name: string;
            activeVersion: number | null;
            archived: boolean;
            /** Format: date-time */
            updatedAt: string;
            /** @description The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale) */
            revision: number;
          }[];
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          document: {
            id: string;
            name: string;
          } & {
            [key: string]: unknown;
          };
          baseRevision?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            key: string;
            name: string;
            activeVersion: number | null;
            archived: boolean;
            /** Format: date-time */
            updatedAt: string;
            /** @description The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale) */
            revision: number;
            /** @description The draft flow document (leadline.flow/v1) */
            draft: unknown;
            active: {
              /** Format: uuid */
              id: string;
              version: number;
              /** Format: date-time */
              publishedAt: string;
              definition: unknown;
            } | null;
            /** @description The draft differs from the published version in more than layout */
            unpublishedChanges: boolean;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description A flow with this key exists. error.code: FLOW_EXISTS */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: FLOW_TOO_LARGE */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            key: string;
            name: string;
            activeVersion: number | null;
            archived: boolean;
            /** Format: date-time */
            updatedAt: string;
            /** @description The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale) */
            revision: number;
            /** @description The draft flow document (leadline.flow/v1) */
            draft: unknown;
            active: {
              /** Format: uuid */
              id: string;
              version: number;
              /** Format: date-time */
              publishedAt: string;
              definition: unknown;
            } | null;
            /** @description The draft differs from the published version in more than layout */
            unpublishedChanges: boolean;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_saveDraft: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          document: {
            id: string;
            name: string;
          } & {
            [key: string]: unknown;
          };
          baseRevision?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            key: string;
            name: string;
            activeVersion: number | null;
            archived: boolean;
            /** Format: date-time */
            updatedAt: string;
            /** @description The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale) */
            revision: number;
            /** @description The draft flow document (leadline.flow/v1) */
            draft: unknown;
            active: {
              /** Format: uuid */
              id: string;
              version: number;
              /** Format: date-time */
              publishedAt: string;
              definition: unknown;
            } | null;
            /** @description The draft differs from the published version in more than layout */
            unpublishedChanges: boolean;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: FLOW_NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: FLOW_TOO_LARGE */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_duplicate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          key?: string;
          name?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            key: string;
            name: string;
            activeVersion: number | null;
            archived: boolean;
            /** Format: date-time */
            updatedAt: string;
            /** @description The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale) */
            revision: number;
            /** @description The draft flow document (leadline.flow/v1) */
            draft: unknown;
            active: {
              /** Format: uuid */
              id: string;
              version: number;
              /** Format: date-time */
              publishedAt: string;
              definition: unknown;
            } | null;
            /** @description The draft differs from the published version in more than layout */
            unpublishedChanges: boolean;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_versions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            version: number;
            /** Format: date-time */
            publishedAt: string;
            publishedBy: string | null;
            active: boolean;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_version: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        version: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            version: number;
            /** Format: date-time */
            publishedAt: string;
            publishedBy: string | null;
            active: boolean;
            definition: unknown;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: FLOW_NOT_FOUND, VERSION_NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_diff: {
    parameters: {
      query?: {
        from?: string | 'draft' | 'active' | number;
        to?: string | 'draft' | 'active' | number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            nodes: {
              added: string[];
              removed: string[];
              changed: {
                id: string;
                fields: string[];
              }[];
            };
            edges: {
              added: string[];
              removed: string[];
              changed: {
                id: string;
                fields: string[];
              }[];
            };
            /** @description Envelope fields (name, settings, …) that differ */
            flow: string[];
            same: boolean;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_keywordConflicts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            flowId: string;
            key: string;
            name: string;
            /** @description The keywords both flows answer to */
            keywords: string[];
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_publish: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            flowId: string;
            /** Format: uuid */
            versionId: string;
            version: number;
            /** @description False when the draft equalled the active version: nothing new */
            created: boolean;
            diagnostics: {
              /** @enum {string} */
              severity: 'error' | 'warning';
              code: string;
              nodeId?: string;
              edgeId?: string;
              path?: string;
              message: string;
            }[];
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: FLOW_NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The draft has errors (details lists them). error.code: FLOW_INVALID */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_archive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            key: string;
            name: string;
            activeVersion: number | null;
            archived: boolean;
            /** Format: date-time */
            updatedAt: string;
            /** @description The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale) */
            revision: number;
            /** @description The draft flow document (leadline.flow/v1) */
            draft: unknown;
            active: {
              /** Format: uuid */
              id: string;
              version: number;
              /** Format: date-time */
              publishedAt: string;
              definition: unknown;
            } | null;
            /** @description The draft differs from the published version in more than layout */
            unpublishedChanges: boolean;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_unarchive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            key: string;
            name: string;
            activeVersion: number | null;
            archived: boolean;
            /** Format: date-time */
            updatedAt: string;
            /** @description The draft's revision: a save names the one it was based on (409 DRAFT_CONFLICT if stale) */
            revision: number;
            /** @description The draft flow document (leadline.flow/v1) */
            draft: unknown;
            active: {
              /** Format: uuid */
              id: string;
              version: number;
              /** Format: date-time */
              publishedAt: string;
              definition: unknown;
            } | null;
            /** @description The draft differs from the published version in more than layout */
            unpublishedChanges: boolean;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowsController_analytics: {
    parameters: {
      query?: {
        version?: number;
        period?: '24h' | '7d' | '30d' | 'custom';
        from?: string;
        to?: string;
        idleHours?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            flowId: string;
            version: number;
            runs: number;
            nodes: {
              nodeId: string;
              reached: number;
              ports: {
                [key: string]: number;
              };
              dropOff: number;
              dropOffRate: number;
              /** @description Why runs left by the error port, most frequent first */
              errors: {
                code: string;
                runs: number;
                lastMessage: string | null;
              }[];
              /** @description Runs waiting at this step for a reply or a timer, not overdue */
              inProgress: number;
              /** @description Runs whose contact stopped answering at this step */
              dropped: number;
              /** @description A question's buttons or list rows and how many runs chose each */
              options: {
                id: string;
                title: string;
                taps: number;
              }[];
            }[];
            period: {
              /** @enum {string} */
              preset: '24h' | '7d' | '30d' | 'custom';
              /**
               * Format: date-time
               * @description Runs that started at or after this instant…
               */
              from: string;
              /**
               * Format: date-time
               * @description …and before this one are counted
               */
              to: string;
              /** @description The workspace's time zone the days are counted in */
              timeZone: string;
            };
            idleHours: number;
            totals: {
              started: number;
              completed: number;
              inProgress: number;
              dropped: number;
              handedOff: number;
              failed: number;
              cancelled: number;
              /** @description completed / started, 0..1 */
              completionRate: number;
            };
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  FlowTemplatesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            language: string;
            category: string;
            status: string;
            /** @description How many {{n}} body parameters the template takes */
            bodyParams: number;
            body: string;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ActivitiesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            activities: {
              name: string;
              title: string;
              description: string;
              /** @description A JSON Schema (draft 2020-12) */
              input: {
                [key: string]: unknown;
              };
              /** @description A JSON Schema (draft 2020-12) */
              output: {
                [key: string]: unknown;
              };
              secrets: string[];
              timeoutMs: number;
              retry: {
                attempts: number;
                backoffMs: number;
              };
            }[];
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  QueueDashboardController_ticket: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            url: string;
            expiresInSeconds: number;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The queue dashboard is not turned on. error.code: QUEUE_DASHBOARD_OFF */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  AuditLogController_list: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
        action?: string;
        actorUser?: string;
        actorApiKey?: string;
        targetType?: string;
        targetId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              /** Format: date-time */
              at: string;
              action: string;
              actorUserId: string | null;
              actorApiKeyId: string | null;
              targetType: string | null;
              targetId: string | null;
              data: unknown;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SessionsController_login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          tenant: string;
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accessToken: string;
            refreshToken: string;
            /** @description Seconds the access token is valid for */
            expiresIn: number;
            /** @constant */
            tokenType: 'Bearer';
            user: {
              /** Format: uuid */
              id: string;
              email: string;
              name: string | null;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
              tenant: string;
            };
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: INVALID_CREDENTIALS */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Locked out for a while (Retry-After says how long). error.code: TOO_MANY_LOGIN_ATTEMPTS */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SessionsController_refresh: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          refreshToken: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accessToken: string;
            refreshToken: string;
            /** @description Seconds the access token is valid for */
            expiresIn: number;
            /** @constant */
            tokenType: 'Bearer';
            user: {
              /** Format: uuid */
              id: string;
              email: string;
              name: string | null;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
              tenant: string;
            };
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: INVALID_REFRESH_TOKEN */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SessionsController_logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          refreshToken: string;
        };
      };
    };
    responses: {
      /** @description Done; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SessionsController_me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            kind: 'user' | 'api_key';
            /** Format: uuid */
            tenantId: string;
            /** Format: uuid */
            userId?: string;
            /** Format: uuid */
            apiKeyId?: string;
            /** @enum {string} */
            role?: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
            permissions: string[];
            workspace: {
              slug: string;
              name: string;
            };
            user?: {
              name: string | null;
              email: string;
            };
            /** @description What this instance lets the caller open beyond the permissions */
            capabilities: {
              /** @description May open the queue dashboard (owners and admins of the operator workspace) */
              queueDashboard: boolean;
            };
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SessionsController_changePassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          currentPassword: string;
          newPassword: string;
        };
      };
    };
    responses: {
      /** @description Changed; sign in again */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description API keys have no password. error.code: USERS_ONLY */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: TOO_MANY_PASSWORD_ATTEMPTS */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ApiKeysController_list: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
        revoked?: 'true' | 'false';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              name: string;
              /** @description The start of the key, to recognise it (the key itself is never shown again) */
              prefix: string;
              scopes: string[];
              /** Format: date-time */
              createdAt: string;
              lastUsedAt: string | null;
              revokedAt: string | null;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ApiKeysController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          scopes: (
            | 'leads:write'
            | 'runs:read'
            | 'runs:write'
            | 'flows:read'
            | 'flows:write'
            | 'flows:publish'
            | 'contacts:read'
            | 'contacts:write'
            | 'contacts:erase'
            | 'pipeline:manage'
            | 'conversations:read'
            | 'conversations:write'
            | 'templates:read'
            | 'templates:write'
            | 'channels:read'
            | 'channels:write'
            | 'documents:read'
            | 'usage:read'
            | 'activities:read'
            | 'apikeys:manage'
            | 'users:manage'
            | 'audit:read'
            | 'data:export'
            | 'webhooks:manage'
            | 'campaigns:read'
            | 'campaigns:write'
            | 'workspace:manage'
          )[];
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The start of the key, to recognise it (the key itself is never shown again) */
            prefix: string;
            scopes: string[];
            /** Format: date-time */
            createdAt: string;
            lastUsedAt: string | null;
            revokedAt: string | null;
            /** @description The key itself: in this answer only (it is stored as a hash) */
            key: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ApiKeysController_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The key, revoked */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The start of the key, to recognise it (the key itself is never shown again) */
            prefix: string;
            scopes: string[];
            /** Format: date-time */
            createdAt: string;
            lastUsedAt: string | null;
            revokedAt: string | null;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  UsersController_list: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
        role?: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              email: string;
              name: string | null;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
              /** Format: date-time */
              createdAt: string;
              lastLoginAt: string | null;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  UsersController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          name?: string;
          /** @enum {string} */
          role: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
          password: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            email: string;
            name: string | null;
            /** @enum {string} */
            role: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
            /** Format: date-time */
            createdAt: string;
            lastLoginAt: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: FORBIDDEN, SCOPE_NOT_HELD, OWNER_ONLY, ROLE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: USER_EXISTS */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  UsersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            email: string;
            name: string | null;
            /** @enum {string} */
            role: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
            /** Format: date-time */
            createdAt: string;
            lastLoginAt: string | null;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  UsersController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: FORBIDDEN, SCOPE_NOT_HELD, OWNER_ONLY, ROLE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: LAST_OWNER */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  UsersController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          role?: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
          name?: string | null;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            email: string;
            name: string | null;
            /** @enum {string} */
            role: 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';
            /** Format: date-time */
            createdAt: string;
            lastLoginAt: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: FORBIDDEN, SCOPE_NOT_HELD, OWNER_ONLY, ROLE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: LAST_OWNER */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ContactsController_list: {
    parameters: {
      query?: {
        limit?: string;
        cursor?: string;
        sort?: 'created' | 'name' | 'last_message';
        order?: 'asc' | 'desc';
        tag?: string;
        optIn?: 'opted_in' | 'opted_out' | 'unknown';
        stage?: string | 'none';
        lastMessage?: '24h' | '7d' | '30d' | 'older' | 'never';
        field?: string;
        value?: string;
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              /** @description E.164 */
              phone: string;
              name: string | null;
              /** @description Custom fields, an object of name → value */
              fields: unknown;
              tags: string[];
              /** @enum {string} */
              optInState: 'opted_in' | 'opted_out' | 'unknown';
              optedInAt: string | null;
              optedOutAt: string | null;
              lastInboundAt: string | null;
              /** @description Click-to-WhatsApp ad referral of the first inbound message, or null */
              referral: unknown;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              stage: {
                /** Format: uuid */
                id: string;
                name: string;
                color: string;
              } | null;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ContactsController_notes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            body: string;
            /** @description The author's name or email; null when they left the workspace or an API key wrote it */
            author: string | null;
            /** Format: date-time */
            createdAt: string;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ContactsController_addNote: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          body: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            body: string;
            /** @description The author's name or email; null when they left the workspace or an API key wrote it */
            author: string | null;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ConversationsController_list: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
        status?: 'open' | 'handoff' | 'closed';
        contact?: string;
        assigned?: string | 'me' | 'none';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              /** @enum {string} */
              status: 'open' | 'handoff' | 'closed';
              /** Format: uuid */
              contactId: string;
              /** Format: uuid */
              channelId: string;
              assignedUserId: string | null;
              lastMessageAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              contact: {
                /** Format: uuid */
                id: string;
                phone: string;
                name: string | null;
                /** @enum {string} */
                optInState: 'opted_in' | 'opted_out' | 'unknown';
              };
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ConversationsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: 'open' | 'handoff' | 'closed';
            /** Format: uuid */
            contactId: string;
            /** Format: uuid */
            channelId: string;
            assignedUserId: string | null;
            lastMessageAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            contact: {
              /** Format: uuid */
              id: string;
              phone: string;
              name: string | null;
              /** @enum {string} */
              optInState: 'opted_in' | 'opted_out' | 'unknown';
            };
            /** @description Handed-off runs are resumed or cancelled via /api/runs/{id} */
            activeRuns: {
              /** Format: uuid */
              id: string;
              status: string;
              currentNode: string | null;
              flowKey: string;
            }[];
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ConversationsController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          assignedUserId?: string | null;
          /** @enum {string} */
          status?: 'open' | 'handoff' | 'closed';
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: 'open' | 'handoff' | 'closed';
            /** Format: uuid */
            contactId: string;
            /** Format: uuid */
            channelId: string;
            assignedUserId: string | null;
            lastMessageAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            contact: {
              /** Format: uuid */
              id: string;
              phone: string;
              name: string | null;
              /** @enum {string} */
              optInState: 'opted_in' | 'opted_out' | 'unknown';
            };
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ConversationsController_messages: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              /** @enum {string} */
              direction: 'in' | 'out';
              type: string;
              /** @description The message as stored (text, interactive, template, media…) */
              body: unknown;
              status: string;
              templateName: string | null;
              sentAt: string | null;
              deliveredAt: string | null;
              readAt: string | null;
              failedAt: string | null;
              errorCode: string | null;
              errorMessage: string | null;
              runId: string | null;
              /** Format: date-time */
              createdAt: string;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ConversationsController_send: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          text: string;
        };
      };
    };
    responses: {
      /** @description Accepted: queued for sending */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @constant */
            status: 'queued';
            /** @description When the contact's 24-hour window closes unless they write again (null: it is closed) */
            windowClosesAt: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description More than 24 hours since the contact's last message: send a template. error.code: WINDOW_CLOSED */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  TemplatesController_list: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
        channel?: string;
        status?: 'draft' | 'pending' | 'approved' | 'rejected' | 'paused' | 'disabled';
        name?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              /** Format: uuid */
              channelId: string;
              name: string;
              language: string;
              /** @enum {string} */
              category: 'marketing' | 'utility' | 'authentication';
              /** @enum {string} */
              status: 'draft' | 'pending' | 'approved' | 'rejected' | 'paused' | 'disabled';
              rejectionReason: string | null;
              /** @description The provider's components (HEADER, BODY, FOOTER, BUTTONS) */
              components: unknown;
              providerTemplateId: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
            }[];
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  TemplatesController_submit: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          channelId: string;
          template: {
            name: string;
            language: string;
            /** @enum {string} */
            category: 'marketing' | 'utility' | 'authentication';
            /**
             * @default {
             *       "type": "none"
             *     }
             */
            header?:
              | {
                  /** @constant */
                  type: 'none';
                }
              | {
                  /** @constant */
                  type: 'text';
                  text: string;
                  example?: string;
                }
              | {
                  /** @enum {string} */
                  type: 'image' | 'video' | 'document';
                  example: string;
                };
            body: {
              text: string;
              /** @default [] */
              examples?: string[];
            };
            footer?: string;
            /** @default [] */
            buttons?: (
              | {
                  /** @constant */
                  type: 'quick_reply';
                  text: string;
                }
              | {
                  /** @constant */
                  type: 'url';
                  text: string;
                  url: string;
                  example?: string;
                }
              | {
                  /** @constant */
                  type: 'phone';
                  text: string;
                  phone: string;
                }
              | {
                  /** @constant */
                  type: 'copy_code';
                  example: string;
                }
            )[];
          };
        };
      };
    };
    responses: {
      /** @description Submitted; its status follows the review */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            channelId: string;
            name: string;
            language: string;
            /** @enum {string} */
            category: 'marketing' | 'utility' | 'authentication';
            /** @enum {string} */
            status: 'draft' | 'pending' | 'approved' | 'rejected' | 'paused' | 'disabled';
            rejectionReason: string | null;
            /** @description The provider's components (HEADER, BODY, FOOTER, BUTTONS) */
            components: unknown;
            providerTemplateId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Not a valid template, or the provider refused it. error.code: VALIDATION_FAILED, TEMPLATE_INVALID, TEMPLATE_REFUSED */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such channel in this workspace. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  EmbeddedSignupController_settings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            enabled: boolean;
            appId: string | null;
            configId: string | null;
            graphVersion: string;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  EmbeddedSignupController_complete: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          code: string;
          wabaId: string;
          phoneNumberId: string;
          pin?: string;
          name?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            channel: {
              /** Format: uuid */
              id: string;
              /** @enum {string} */
              provider: 'meta' | 'twilio' | 'sandbox';
              name: string | null;
              phoneNumberId: string;
              wabaId: string | null;
              displayPhone: string;
              /** @enum {string} */
              status: 'pending' | 'active' | 'disabled' | 'error';
              verifiedName: string | null;
              qualityRating: string | null;
              messagingTier: string | null;
              healthUpdatedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              /** @description Credentials are never returned, only whether there are any */
              hasCredentials: boolean;
            };
            /** @description The first template sync; a failure here leaves the channel (sync again later) */
            templates:
              | {
                  /** @constant */
                  ok: true;
                  added: number;
                  updated: number;
                  removed: number;
                }
              | {
                  /** @constant */
                  ok: false;
                  error: string;
                };
          };
        };
      };
      /** @description error.code: VALIDATION_FAILED, SIGNUP_CODE_EXPIRED, SIGNUP_CODE_INVALID, CHANNEL_NOT_VERIFIED, MISSING_PERMISSION, REGISTRATION_PIN_MISMATCH, NUMBER_REGISTRATION_REFUSED */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: CHANNEL_EXISTS */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: SIGNUP_NOT_CONFIGURED, PROVIDER_UNREACHABLE */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ChannelsController_list: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              /** @enum {string} */
              provider: 'meta' | 'twilio' | 'sandbox';
              name: string | null;
              phoneNumberId: string;
              wabaId: string | null;
              displayPhone: string;
              /** @enum {string} */
              status: 'pending' | 'active' | 'disabled' | 'error';
              verifiedName: string | null;
              qualityRating: string | null;
              messagingTier: string | null;
              healthUpdatedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              /** @description Credentials are never returned, only whether there are any */
              hasCredentials: boolean;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ChannelsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json':
          | {
              /** @constant */
              provider: 'meta';
              phoneNumberId: string;
              name?: string;
              displayPhone?: string;
              wabaId?: string;
              credentials: {
                accessToken: string;
                appSecret?: string;
              };
            }
          | {
              /** @constant */
              provider: 'twilio';
              phoneNumberId: string;
              name?: string;
              displayPhone?: string;
              credentials: {
                accountSid: string;
                authToken: string;
                from: string;
                contentSids?: {
                  [key: string]: string;
                };
              };
            }
          | {
              /** @constant */
              provider: 'sandbox';
              phoneNumberId: string;
              name?: string;
              displayPhone: string;
            };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            provider: 'meta' | 'twilio' | 'sandbox';
            name: string | null;
            phoneNumberId: string;
            wabaId: string | null;
            displayPhone: string;
            /** @enum {string} */
            status: 'pending' | 'active' | 'disabled' | 'error';
            verifiedName: string | null;
            qualityRating: string | null;
            messagingTier: string | null;
            healthUpdatedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Credentials are never returned, only whether there are any */
            hasCredentials: boolean;
          };
        };
      };
      /** @description Bad input, or the provider did not confirm the number is yours. error.code: VALIDATION_FAILED, CHANNEL_NOT_VERIFIED */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: CHANNEL_EXISTS */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: PROVIDER_UNREACHABLE */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ChannelsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            provider: 'meta' | 'twilio' | 'sandbox';
            name: string | null;
            phoneNumberId: string;
            wabaId: string | null;
            displayPhone: string;
            /** @enum {string} */
            status: 'pending' | 'active' | 'disabled' | 'error';
            verifiedName: string | null;
            qualityRating: string | null;
            messagingTier: string | null;
            healthUpdatedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Credentials are never returned, only whether there are any */
            hasCredentials: boolean;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ChannelsController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: CHANNEL_IN_USE */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DocumentsController_list: {
    parameters: {
      query?: {
        cursor?: string;
        limit?: string;
        contact?: string;
        run?: string;
        kind?: 'quote' | 'invoice';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: uuid */
              id: string;
              /** @enum {string} */
              kind: 'quote' | 'invoice';
              number: string;
              /** Format: uuid */
              contactId: string;
              runId: string | null;
              currency: string;
              /** @description Minor units (pence, cents) as a string: totals may exceed what JSON numbers hold exactly */
              totalMinor: string;
              filename: string;
              /** Format: date-time */
              createdAt: string;
            }[];
            /** @description Pass as ?cursor= for the next page; null on the last page */
            nextCursor: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DocumentsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: 'quote' | 'invoice';
            number: string;
            /** Format: uuid */
            contactId: string;
            runId: string | null;
            currency: string;
            /** @description Minor units (pence, cents) as a string: totals may exceed what JSON numbers hold exactly */
            totalMinor: string;
            filename: string;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  DocumentsController_pdf: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The PDF */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  UsageController_ai: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
        run?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            /** Format: uuid */
            runId?: string;
            lines: {
              provider: string;
              model: string;
              task: string;
              calls: number;
              /** @description Calls whose outcome was an error code */
              failed: number;
              inputTokens: number;
              outputTokens: number;
            }[];
            totals: {
              calls: number;
              /** @description Calls whose outcome was an error code */
              failed: number;
              inputTokens: number;
              outputTokens: number;
            };
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  ContactImportController_import: {
    parameters: {
      query?: {
        country?: string;
        tag?: string | string[];
        optIn?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The CSV file itself (a header row first) */
    requestBody: {
      content: {
        'text/csv': string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            imported: number;
            updated: number;
            rejected: {
              line: number;
              reason: string;
            }[];
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SegmentsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** Format: uuid */
              id: string;
              name: string;
              filter: components['schemas']['Zod_25b2868460'];
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              count: number;
            }[];
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SegmentsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          filter: components['schemas']['Zod_e938792724'];
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            filter: components['schemas']['Zod_25b2868460'];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: SEGMENT_NAME_TAKEN */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SegmentsController_count: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          filter: components['schemas']['Zod_e938792724'];
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            count: number;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SegmentsController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          filter: components['schemas']['Zod_e938792724'];
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            filter: components['schemas']['Zod_25b2868460'];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: SEGMENT_NAME_TAKEN */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  SegmentsController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** Format: uuid */
              id: string;
              name: string;
              /** @enum {string} */
              status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
              /** Format: uuid */
              channelId: string;
              templateName: string;
              templateLanguage: string;
              /** @description Template parameters as chosen (constants or contact fields) */
              params: unknown;
              audience:
                | {
                    tags: string[];
                  }
                | {
                    /** Format: uuid */
                    segmentId: string;
                  };
              segmentId: string | null;
              flowKey: string | null;
              /** @description Quick-reply button → flow key */
              buttonFlows: unknown;
              ratePerSecond: number;
              scheduledAt: string | null;
              startedAt: string | null;
              finishedAt: string | null;
              /** Format: date-time */
              createdAt: string;
              stats: {
                status: string;
                recipients: number;
                pending: number;
                sent: number;
                delivered: number;
                read: number;
                failed: number;
                replied: number;
                /** @description Repliers whose follow-up flow run completed */
                completed: number;
                skipped: {
                  optedOut: number;
                  tierLimit: number;
                  invalid: number;
                  marketingToUs: number;
                  cancelled: number;
                };
              };
            }[];
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          templateName: string;
          language: string;
          /** Format: uuid */
          channelId?: string;
          audience:
            | {
                tags: string[];
              }
            | {
                /** Format: uuid */
                segmentId: string;
              };
          /**
           * @default {
           *       "body": []
           *     }
           */
          params?: {
            /** @default [] */
            body?: (
              | {
                  field: string;
                }
              | {
                  value: string;
                }
            )[];
            header?:
              | {
                  field: string;
                }
              | {
                  value: string;
                };
            headerMedia?: {
              /** @enum {string} */
              kind: 'image' | 'document' | 'video';
              /** Format: uri */
              url: string;
              filename?: string;
            };
            fallback?: string;
          };
          flowKey?: string;
          buttonFlows?: {
            [key: string]: string;
          };
          /** @default 20 */
          ratePerSecond?: number;
          scheduledAt?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: TEMPLATE_NOT_APPROVED, TEMPLATE_PARAMS, SEGMENT_NOT_FOUND, FLOW_NOT_FOUND, BAD_SCHEDULE */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_preview: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          templateName: string;
          language: string;
          /** Format: uuid */
          channelId?: string;
          audience:
            | {
                tags: string[];
              }
            | {
                /** Format: uuid */
                segmentId: string;
              };
          /**
           * @default {
           *       "body": []
           *     }
           */
          params?: {
            /** @default [] */
            body?: (
              | {
                  field: string;
                }
              | {
                  value: string;
                }
            )[];
            header?:
              | {
                  field: string;
                }
              | {
                  value: string;
                };
            headerMedia?: {
              /** @enum {string} */
              kind: 'image' | 'document' | 'video';
              /** Format: uri */
              url: string;
              filename?: string;
            };
            fallback?: string;
          };
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            count: number;
            template: {
              category: string;
              status: string;
              body: string | null;
              header: string | null;
            } | null;
            samples: {
              name: string | null;
              phone: string;
              text: string | null;
              header?: string | null;
              /** @description The parameter this contact has no value for */
              missing?: string;
            }[];
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
            /** Format: uuid */
            channelId: string;
            templateName: string;
            templateLanguage: string;
            /** @description Template parameters as chosen (constants or contact fields) */
            params: unknown;
            audience:
              | {
                  tags: string[];
                }
              | {
                  /** Format: uuid */
                  segmentId: string;
                };
            segmentId: string | null;
            flowKey: string | null;
            /** @description Quick-reply button → flow key */
            buttonFlows: unknown;
            ratePerSecond: number;
            scheduledAt: string | null;
            startedAt: string | null;
            finishedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            stats: {
              status: string;
              recipients: number;
              pending: number;
              sent: number;
              delivered: number;
              read: number;
              failed: number;
              replied: number;
              /** @description Repliers whose follow-up flow run completed */
              completed: number;
              skipped: {
                optedOut: number;
                tierLimit: number;
                invalid: number;
                marketingToUs: number;
                cancelled: number;
              };
            };
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_recipients: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
        only?: 'failed' | 'skipped' | 'replied';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: {
              /** @description A recipient id (digits) */
              id: string;
              /** Format: uuid */
              contactId: string;
              phone: string;
              name: string | null;
              state: string;
              messageStatus: string | null;
              /** @description Why it was not sent or failed, in words */
              reason: string | null;
              errorCode: string | null;
              repliedAt: string | null;
              flowStatus: string | null;
            }[];
            /** @description Pass as ?after= for the next page; null on the last page */
            next: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_start: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The campaign is not in a state that allows this. error.code: CAMPAIGN_STATE */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_pause: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The campaign is not in a state that allows this. error.code: CAMPAIGN_STATE */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_resume: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The campaign is not in a state that allows this. error.code: CAMPAIGN_STATE */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  CampaignsController_cancel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
          };
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The campaign is not in a state that allows this. error.code: CAMPAIGN_STATE */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PipelineController_stages: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            position: number;
            color: string;
            startFlowKey: string | null;
            contacts: number;
            /** @description The name of the flow the stage starts (null: none, or no such flow) */
            startFlowName: string | null;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PipelineController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          color?: string;
          /** @description A published flow to start for a contact a person moves into this stage; null: none */
          startFlowKey?: string | null;
          position?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            position: number;
            color: string;
            startFlowKey: string | null;
            contacts: number;
            /** @description The name of the flow the stage starts (null: none, or no such flow) */
            startFlowName: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PipelineController_board: {
    parameters: {
      query?: {
        perStage?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            position: number;
            color: string;
            startFlowKey: string | null;
            contacts: number;
            /** @description The name of the flow the stage starts (null: none, or no such flow) */
            startFlowName: string | null;
            cards: {
              /** Format: uuid */
              id: string;
              name: string | null;
              phone: string;
              tags: string[];
              lastInboundAt: string | null;
            }[];
          }[];
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PipelineController_reorder: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          stageIds: string[];
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            position: number;
            color: string;
            startFlowKey: string | null;
            contacts: number;
            /** @description The name of the flow the stage starts (null: none, or no such flow) */
            startFlowName: string | null;
          }[];
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PipelineController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PipelineController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          color?: string;
          /** @description A published flow to start for a contact a person moves into this stage; null: none */
          startFlowKey?: string | null;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            name: string;
            position: number;
            color: string;
            startFlowKey: string | null;
            contacts: number;
            /** @description The name of the flow the stage starts (null: none, or no such flow) */
            startFlowName: string | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PipelineController_move: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          stageId: string | null;
          startFlow?: boolean;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            contactId: string;
            stage: {
              /** Format: uuid */
              id: string;
              name: string;
              color: string;
            } | null;
            changed: boolean;
            /** @description The stage's flow: started, or why not (the move itself stands either way) */
            flow: {
              key: string;
              name: string | null;
              started: boolean;
              problem?: string;
            } | null;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  PipelineController_history: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            from: string | null;
            to: string | null;
            source: string;
            /** @description The person who moved it; null for flows and API keys */
            by: string | null;
            /** Format: date-time */
            at: string;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  QuickRepliesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            title: string;
            body: string;
            /** Format: date-time */
            updatedAt: string;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  QuickRepliesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          title: string;
          body: string;
        };
      };
    };
    responses: {
      /** @description Success */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            title: string;
            body: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: QUICK_REPLY_EXISTS */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: QUICK_REPLIES_FULL */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  QuickRepliesController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          title: string;
          body: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: uuid */
            id: string;
            title: string;
            body: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description error.code: QUICK_REPLY_EXISTS */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  QuickRepliesController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  AiKeysController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            provider: 'openai' | 'gemini';
            /** @description Whether the workspace has its own key (the key itself is never shown) */
            set: boolean;
            updatedAt: string | null;
            /** @description The workspace's model for this provider, when it chose one */
            model: string | null;
            /** @description Whether the server has a key of its own that steps fall back on */
            serverKey: boolean;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  AiKeysController_set: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          key: string;
          model?: string;
        };
      };
    };
    responses: {
      /** @description Every provider, after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            provider: 'openai' | 'gemini';
            /** @description Whether the workspace has its own key (the key itself is never shown) */
            set: boolean;
            updatedAt: string | null;
            /** @description The workspace's model for this provider, when it chose one */
            model: string | null;
            /** @description Whether the server has a key of its own that steps fall back on */
            serverKey: boolean;
          }[];
        };
      };
      /** @description The input is not valid. error.code: VALIDATION_FAILED (details lists each problem) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
  AiKeysController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every provider, after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            provider: 'openai' | 'gemini';
            /** @description Whether the workspace has its own key (the key itself is never shown) */
            set: boolean;
            updatedAt: string | null;
            /** @description The workspace's model for this provider, when it chose one */
            model: string | null;
            /** @description Whether the server has a key of its own that steps fall back on */
            serverKey: boolean;
          }[];
        };
      };
      /** @description No or invalid credentials. error.code: UNAUTHORIZED, SESSION_ENDED */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description The caller lacks the permission or scope. error.code: FORBIDDEN, SCOPE_NOT_HELD */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description No such resource here. error.code: NOT_FOUND */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
      /** @description Unexpected failure (logged with the requestId). error.code: INTERNAL_SERVER_ERROR */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Error'];
        };
      };
    };
  };
}
