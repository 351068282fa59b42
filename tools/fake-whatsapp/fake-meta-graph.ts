import { randomInt } from 'node:crypto';
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { BoundedLog } from './bounded-log';
import { systemClock, unixSeconds, type Clock } from './clock';
import { CustomerWindows } from './customer-window';
import { FaultInjector, type Fault } from './fault-injector';
import { BodyTooLargeError, pathSegments, sendJson } from './http-io';
import { assertLoopbackUrl } from './loopback';
import { LoopbackServer } from './loopback-server';
import { MediaStore, type StoredMedia } from './media-store';
import { MetaAccountState, type RegistrationRefusal, type SignupCode } from './meta-account-routes';
import { graphErrorBody, GraphRequestError, webhookError } from './meta-graph-errors';
import { buildInboundMessage, userDigits, type MetaUserMessage } from './meta-inbound-message';
import {
  ATTACHMENT_PATH,
  downloadMedia,
  mediaObject,
  uploadMedia,
  type MediaRouteContext,
} from './meta-media-routes';
import { parseSendBody, type Json, type OutboundSend } from './meta-message-validator';
import { MetaPhoneDirectory, readJsonBody, type MetaPhoneNumber } from './meta-phone-directory';
import { createTemplate, editTemplate, listTemplates } from './meta-template-routes';
import {
  TemplateStore,
  templateParameterMismatch,
  type StoredTemplate,
  type TemplateCategory,
  type TemplateInput,
  type TemplateStatus,
} from './meta-template-store';
import {
  buildMetaEnvelope,
  metaSignature,
  serialiseEnvelope,
  type MetaPricing,
  type MetaStatus,
  type MetaStatusName,
  type MetaWebhookEvent,
} from './meta-webhook-envelope';
import { RandomHex } from './random-hex';
import { TimerSet } from './timer-set';
import { KeyedTokenBuckets } from './token-bucket';
import { WebhookDispatcher, type DeliveryOptions, type DeliveryRecord } from './webhook-dispatcher';
import { sendToLoopback } from './webhook-transport';

export interface FakeMetaGraphOptions {
  phoneNumbers?: MetaPhoneNumber[];
  /** Key for `X-Hub-Signature-256`. */
  appSecret?: string;
  webhookUrl?: string;
  now?: Clock;
  /** 'async' (Meta's usual behaviour): 200 then a failed status with 131047; 'sync': 400 with 131047. */
  windowMode?: 'async' | 'sync';
  /** Pair rate limit: a bucket of `burst` messages per user, one more every `intervalMs`; false disables it. */
  pairLimit?: PairLimit | false;
  /** Messages per second per phone number before 130429 (default 80); Infinity disables the cap. */
  throughputMps?: number;
  /** Statuses emitted automatically after an accepted send (default: sent, then delivered). */
  autoStatuses?: Array<'sent' | 'delivered'>;
  webhooks?: Partial<DeliveryOptions> & { escapeNonAscii?: boolean };
  /** The platform's Meta app, for Embedded Signup's code exchange (default id 1234567890, secret = appSecret). */
  app?: { id: string; secret?: string };
  /** Templates known from the start; status defaults to APPROVED, wabaId to the first number's. */
  templates?: Array<Omit<TemplateInput, 'wabaId'> & { wabaId?: string }>;
  /** Records kept by the inspection API (oldest forgotten first). */
  maxRecords?: number;
  maxUploadBytes?: number;
}

export interface PairLimit {
  /** Default 45. */
  burst?: number;
  /** Default 6000 (one message every 6 s). */
  intervalMs?: number;
  /** Sources disagree between 400 and 429; default 400. */
  httpStatus?: 400 | 429;
}

export type { MetaPhoneNumber };

export type MessageStatus = 'accepted' | MetaStatusName;

export interface SentMessage {
  wamid: string;
  phoneNumberId: string;
  wabaId: string;
  /** `to` exactly as the client sent it. */
  to: string;
  waId: string;
  type: string;
  body: Json;
  /** Fake clock time of acceptance, ms. */
  at: number;
  template?: { name: string; language: string; category: string };
  insideWindow: boolean;
  /** Latest status the fake generated (read outranks delivered outranks sent). */
  status: MessageStatus;
  errorCode?: number;
}

export interface InboundRecord {
  wamid: string;
  phoneNumberId: string;
  from: string;
  timestamp: string;
  message: Json;
}

export interface ReadReceiptRecord {
  phoneNumberId: string;
  messageId: string;
  typingIndicator: boolean;
  at: number;
}

export const DEFAULT_META_PHONE: MetaPhoneNumber = {
  id: '100000000000001',
  displayPhoneNumber: '15550001111',
  wabaId: '200000000000001',
  tokens: ['test-meta-token'],
};

const VERSION = /^v\d+(\.\d+)?$/;
const STATUS_RANK: Record<MessageStatus, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * A loopback stand-in for the WhatsApp Cloud API (graph.facebook.com) plus Meta's webhook emitter.
 * Everything observable is driven through the control API, on an injectable clock.
 */
export class FakeMetaGraph {
  private readonly server = new LoopbackServer((req, res) => this.handle(req, res));
  private readonly now: Clock;
  private readonly phones: MetaPhoneDirectory;
  private readonly account: MetaAccountState;
  private readonly mediaRoutes: MediaRouteContext;
  private readonly appSecret: string;
  private webhookUrl?: string;
  private readonly windowMode: 'async' | 'sync';
  private readonly autoStatuses: Array<'sent' | 'delivered'>;
  private readonly escapeNonAscii: boolean;
  private readonly maxRecords: number;
  private pairStatus: 400 | 429 = 400;
  private pairEnabled = true;
  private throughputMps = 80;
  private readonly pairBuckets: KeyedTokenBuckets;
  private readonly throughputBuckets: KeyedTokenBuckets;
  private readonly windows = new CustomerWindows();
  private readonly faults: FaultInjector;
  private readonly timers = new TimerSet();
  private readonly templateStore = new TemplateStore();
  private readonly mediaStore = new MediaStore();
  private readonly dispatcher: WebhookDispatcher<MetaWebhookEvent>;
  private readonly messages = new Map<string, SentMessage>();
  private readonly inboundLog: BoundedLog<InboundRecord>;
  private readonly readLog: BoundedLog<ReadReceiptRecord>;
  private readonly rejectionCounts = new Map<number, number>();
  private eventsWithoutUrl = 0;
  private sequence = 0;
  private readonly randomHex = new RandomHex();
  private readonly sentListeners: Array<(message: SentMessage) => void> = [];

  constructor(options: FakeMetaGraphOptions = {}) {
    this.now = options.now ?? systemClock;
    this.phones = new MetaPhoneDirectory(options.phoneNumbers ?? [DEFAULT_META_PHONE]);
    this.mediaRoutes = {
      media: this.mediaStore,
      phones: this.phones,
      now: this.now,
      baseUrl: () => this.server.url,
      maxUploadBytes: options.maxUploadBytes ?? 16 * 1024 * 1024,
      newMediaId: () => this.newMediaId(),
    };
    this.appSecret = options.appSecret ?? 'app_secret_test';
    this.account = new MetaAccountState(
      { id: options.app?.id ?? '1234567890', secret: options.app?.secret ?? this.appSecret },
      this.phones,
    );
    if (options.webhookUrl) this.setWebhookUrl(options.webhookUrl);
    this.windowMode = options.windowMode ?? 'async';
    this.autoStatuses = options.autoStatuses ?? ['sent', 'delivered'];
    this.escapeNonAscii = options.webhooks?.escapeNonAscii ?? false;
    this.maxRecords = options.maxRecords ?? 100_000;
    this.pairBuckets = new KeyedTokenBuckets(45, 6_000);
    this.throughputBuckets = new KeyedTokenBuckets(80, 1_000 / 80);
    this.configureLimits({ pairLimit: options.pairLimit, throughputMps: options.throughputMps });
    this.faults = new FaultInjector(this.now);
    this.inboundLog = new BoundedLog(this.maxRecords);
    this.readLog = new BoundedLog(this.maxRecords);
    const { escapeNonAscii: _ignored, ...delivery } = options.webhooks ?? {};
    this.dispatcher = new WebhookDispatcher<MetaWebhookEvent>(
      (url, events) => this.encodeWebhook(url, events),
      (status) => status === 200,
      delivery,
      Math.min(this.maxRecords, 10_000),
    );
    const firstWaba = this.phones.first().wabaId;
    for (const template of options.templates ?? []) {
      this.addTemplate({
        ...template,
        wabaId: template.wabaId ?? firstWaba,
        status: template.status ?? 'APPROVED',
      });
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async start(port = 0): Promise<{ url: string }> {
    this.dispatcher.restart();
    return this.server.start(port);
  }

  async stop(): Promise<void> {
    this.dispatcher.stop();
    this.timers.clearAll();
    await this.server.stop();
  }

  get url(): string {
    return this.server.url;
  }

  // ---- configuration ---------------------------------------------------------------------------

  setWebhookUrl(url: string | undefined): void {
    this.webhookUrl = url === undefined ? undefined : assertLoopbackUrl(url).toString();
  }

  configureWebhooks(options: Partial<DeliveryOptions>): void {
    this.dispatcher.configure(options);
  }

  /** Changes the rate limits and empties their buckets. */
  configureLimits(limits: { throughputMps?: number; pairLimit?: PairLimit | false }): void {
    if (limits.throughputMps !== undefined) {
      if (!(limits.throughputMps > 0))
        throw new RangeError('throughputMps must be > 0 (Infinity disables the cap)');
      this.throughputMps = limits.throughputMps;
      if (Number.isFinite(limits.throughputMps)) {
        this.throughputBuckets.reconfigure(limits.throughputMps, 1_000 / limits.throughputMps);
      }
    }
    if (limits.pairLimit !== undefined) {
      this.pairEnabled = limits.pairLimit !== false;
      if (limits.pairLimit !== false) {
        const { burst = 45, intervalMs = 6_000 } = limits.pairLimit;
        if (!(burst >= 1 && intervalMs > 0))
          throw new RangeError('pairLimit needs burst >= 1 and intervalMs > 0');
        this.pairStatus = limits.pairLimit.httpStatus ?? this.pairStatus;
        this.pairBuckets.reconfigure(burst, intervalMs);
      }
    }
  }

  // ---- fault injection -------------------------------------------------------------------------

  /**
   * The next `count` API requests fail (optionally only on `fault.route`: messages, media, templates,
   * or the onboarding steps oauth, subscribed_apps, register, phone_numbers, phone).
   */
  failNext(count: number, fault: Fault): void {
    this.faults.failNext(count, fault);
  }

  /** Every matching API request fails until `durationMs` has passed on the fake's clock. */
  failFor(durationMs: number, fault: Fault): void {
    this.faults.failFor(durationMs, fault);
  }

  delayResponses(ms: number): void {
    this.faults.delayResponses(ms);
  }

  // ---- onboarding (Embedded Signup) -----------------------------------------------------------

  /** A code the OAuth endpoint will exchange once for `accessToken` (or refuse as expired). */
  addSignupCode(code: SignupCode): void {
    this.account.addSignupCode(code);
  }

  /** `POST /{phone-number-id}/register` answers this Graph error for the number from now on. */
  refuseRegistration(phoneNumberId: string, refusal: RegistrationRefusal): void {
    this.account.registrationRefusals.set(phoneNumberId, refusal);
  }

  /** WABAs the app subscribed to (POST /{waba-id}/subscribed_apps). */
  subscribedWabas(): string[] {
    return [...this.account.subscribed];
  }

  /** Numbers registered for the Cloud API (POST /{phone-number-id}/register). */
  registeredNumbers(): string[] {
    return [...this.account.registered.keys()];
  }

  // ---- webhook control -------------------------------------------------------------------------

  flushWebhooks(timeoutMs?: number): Promise<void> {
    return this.dispatcher.flush(timeoutMs);
  }

  pauseWebhooks(): void {
    this.dispatcher.pause();
  }

  resumeWebhooks(): void {
    this.dispatcher.resume();
  }

  duplicateNextWebhooks(count: number): void {
    this.dispatcher.duplicateNext(count);
  }

  webhookDeliveries(): DeliveryRecord[] {
    return this.dispatcher.records();
  }

  /** Events dropped because no webhook URL was configured at the time. */
  get webhookEventsWithoutUrl(): number {
    return this.eventsWithoutUrl;
  }

  /** Performs Meta's GET verification handshake against `url`; true when the challenge is echoed. */
  async verifyWebhook(url: string, verifyToken: string): Promise<boolean> {
    const target = assertLoopbackUrl(url);
    const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
    target.searchParams.set('hub.mode', 'subscribe');
    target.searchParams.set('hub.challenge', challenge);
    target.searchParams.set('hub.verify_token', verifyToken);
    const agent = new Agent({ keepAlive: false });
    try {
      const response = await sendToLoopback(
        { method: 'GET', url: target.toString() },
        agent,
        5_000,
        AbortSignal.timeout(5_000),
      );
      return response.status === 200 && response.body === challenge;
    } finally {
      agent.destroy();
    }
  }

  // ---- simulated users -------------------------------------------------------------------------

  /** A user writes to the business: records their window and posts a signed `messages` webhook. */
  userSends(input: MetaUserMessage): { wamid: string; waId: string; timestamp: string } {
    const phone = input.phoneNumberId ? this.phones.get(input.phoneNumberId) : this.phones.first();
    const from = userDigits(input.from);
    if (input.timestamp !== undefined && (!Number.isInteger(input.timestamp) || input.timestamp > 1e11)) {
      throw new RangeError('timestamp is in Unix seconds (an integer), as in Meta payloads');
    }
    const atMs = input.timestamp !== undefined ? input.timestamp * 1000 : this.now();
    const timestamp = unixSeconds(atMs);
    const wamid = this.newWamid(from);
    let stored: StoredMedia | undefined;
    if (input.media) {
      stored = this.mediaStore.put({
        id: this.newMediaId(),
        owner: phone.id,
        filename: input.media.filename,
        mimeType: input.media.mimeType,
        bytes: Buffer.from(input.media.bytes ?? 'fake-media-bytes'),
        createdAt: this.now(),
      });
    }
    const message = buildInboundMessage(input, {
      wamid,
      from,
      timestamp,
      businessNumber: phone.displayPhoneNumber,
      mediaId: stored?.id,
      sha256: stored?.sha256,
    });
    this.windows.record(from, atMs);
    this.inboundLog.push({ wamid, phoneNumberId: phone.id, from, timestamp, message });
    const contact = { profile: { name: input.name ?? 'Test User' }, wa_id: from };
    this.emit({ kind: 'message', phone: this.phones.ref(phone), contact, message });
    return { wamid, waId: from, timestamp };
  }

  /** Opens (or extends) a user's 24 h window without sending a webhook. */
  openWindow(user: string, atMs = this.now()): void {
    this.windows.record(userDigits(user), atMs);
  }

  lastInboundAt(user: string): number | undefined {
    return this.windows.last(userDigits(user));
  }

  markDelivered(wamid: string): void {
    this.emitStatus(this.requireMessage(wamid), 'delivered');
  }

  /** The user opens the chat: emits a `read` status (whether or not `delivered` was sent). */
  markReadByUser(wamid: string): void {
    this.emitStatus(this.requireMessage(wamid), 'read');
  }

  /** Emits a `failed` status for an accepted message, e.g. 131026 (undeliverable) or 131049. */
  failDelivery(wamid: string, code: number, details = 'Simulated delivery failure'): void {
    this.emitStatus(this.requireMessage(wamid), 'failed', code, details);
  }

  // ---- templates -------------------------------------------------------------------------------

  addTemplate(input: TemplateInput): StoredTemplate {
    return this.templateStore.add(input);
  }

  approveTemplate(name: string, language: string, wabaId?: string): StoredTemplate {
    return this.setTemplateStatus(name, language, 'APPROVED', { wabaId });
  }

  rejectTemplate(name: string, language: string, reason = 'INVALID_FORMAT', wabaId?: string): StoredTemplate {
    return this.setTemplateStatus(name, language, 'REJECTED', { wabaId, reason });
  }

  /** Changes a template's status and emits `message_template_status_update`. */
  setTemplateStatus(
    name: string,
    language: string,
    status: TemplateStatus,
    options: { wabaId?: string; reason?: string } = {},
  ): StoredTemplate {
    const matches = this.templateStore
      .list(options.wabaId)
      .filter((t) => t.name === name && t.language === language);
    if (matches.length !== 1) {
      throw new Error(
        `${matches.length === 0 ? 'No' : 'Ambiguous'} template ${name} (${language}); pass wabaId`,
      );
    }
    const template = matches[0];
    template.status = status;
    this.emit({
      kind: 'template',
      wabaId: template.wabaId,
      time: Math.floor(this.now() / 1000),
      value: {
        event: status,
        message_template_id: Number(template.id),
        message_template_name: template.name,
        message_template_language: template.language,
        reason: options.reason ?? 'NONE',
        message_template_category: template.category,
      },
    });
    return template;
  }

  /**
   * Meta re-rates a number: `phone_number_quality_update` (event FLAGGED / UNFLAGGED / DOWNGRADE /
   * UPGRADE, with the messaging tier now in force); the number's own fields follow.
   */
  updatePhoneQuality(
    phoneNumberId: string,
    update: { event: string; qualityRating?: string; currentLimit?: string },
  ): void {
    const phone = this.phones.get(phoneNumberId);
    const oldLimit = phone.messagingLimitTier ?? 'TIER_1K';
    if (update.qualityRating) phone.qualityRating = update.qualityRating;
    if (update.currentLimit) phone.messagingLimitTier = update.currentLimit;
    this.emit({
      kind: 'account',
      field: 'phone_number_quality_update',
      wabaId: phone.wabaId,
      time: Math.floor(this.now() / 1000),
      value: {
        display_phone_number: phone.displayPhoneNumber,
        event: update.event,
        current_limit: phone.messagingLimitTier ?? 'TIER_1K',
        ...(update.currentLimit && update.currentLimit !== oldLimit ? { old_limit: oldLimit } : {}),
      },
    });
  }

  /** `account_update` for a number (e.g. ACCOUNT_RESTRICTION, ACCOUNT_VIOLATION, VERIFIED_ACCOUNT). */
  accountUpdate(phoneNumberId: string, event: string, extra: Json = {}): void {
    const phone = this.phones.get(phoneNumberId);
    this.emit({
      kind: 'account',
      field: 'account_update',
      wabaId: phone.wabaId,
      time: Math.floor(this.now() / 1000),
      value: { phone_number: phone.displayPhoneNumber, event, ...extra },
    });
  }

  /** Meta moves a template to another category: `template_category_update`. */
  recategoriseTemplate(
    name: string,
    language: string,
    newCategory: TemplateCategory,
    wabaId?: string,
  ): StoredTemplate {
    const matches = this.templateStore.list(wabaId).filter((t) => t.name === name && t.language === language);
    if (matches.length !== 1) throw new Error(`No single template ${name} (${language}); pass wabaId`);
    const template = matches[0];
    const previous = template.category;
    template.category = newCategory;
    this.emit({
      kind: 'account',
      field: 'template_category_update',
      wabaId: template.wabaId,
      time: Math.floor(this.now() / 1000),
      value: {
        message_template_id: Number(template.id),
        message_template_name: template.name,
        message_template_language: template.language,
        previous_category: previous,
        new_category: newCategory,
      },
    });
    return template;
  }

  templates(wabaId?: string): StoredTemplate[] {
    return this.templateStore.list(wabaId).map((t) => ({ ...t }));
  }

  // ---- inspection ------------------------------------------------------------------------------

  /** Called with each accepted send as it is accepted: lets a load test time replies without polling. */
  onSent(listener: (message: SentMessage) => void): void {
    this.sentListeners.push(listener);
  }

  /** Every accepted outbound message (read receipts excluded), oldest first. */
  sent(): SentMessage[] {
    return [...this.messages.values()].map((m) => ({ ...m }));
  }

  /** Accepted outbound messages addressed to one user (`+49...` or digits). */
  received(user: string): SentMessage[] {
    const waId = userDigits(user);
    return this.sent().filter((m) => m.waId === waId);
  }

  message(wamid: string): SentMessage | undefined {
    const message = this.messages.get(wamid);
    return message && { ...message };
  }

  inbound(): InboundRecord[] {
    return this.inboundLog.all();
  }

  readReceipts(): ReadReceiptRecord[] {
    return this.readLog.all();
  }

  /** Synchronously rejected API requests by Graph error code (injected faults included). */
  rejections(): Record<number, number> {
    return Object.fromEntries(this.rejectionCounts);
  }

  media(id: string): StoredMedia | undefined {
    return this.mediaStore.get(id);
  }

  uploadedMedia(): StoredMedia[] {
    return this.mediaStore.all();
  }

  /** Forgets messages, users, limits, faults and delivery records; keeps numbers, templates and media. */
  resetState(): void {
    this.messages.clear();
    this.inboundLog.clear();
    this.readLog.clear();
    this.rejectionCounts.clear();
    this.windows.clear();
    this.pairBuckets.clear();
    this.throughputBuckets.clear();
    this.faults.reset();
    this.dispatcher.clearRecords();
    this.eventsWithoutUrl = 0;
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.server.url);
    const all = pathSegments(url);
    const segments = all.length > 0 && VERSION.test(all[0]) ? all.slice(1) : all;
    const method = req.method ?? 'GET';
    const route = routeName(segments, (id) => this.phones.has(id));
    try {
      await this.timers.sleep(this.faults.responseDelayMs);
      if (res.destroyed) return;
      const fault = route === 'download' ? undefined : this.faults.take(route);
      if (fault) {
        this.countRejection(fault.code);
        if (fault.resetConnection) {
          req.socket.destroy();
          return;
        }
        sendJson(res, fault.httpStatus, graphErrorBody(fault.code, fault.message ?? 'Injected fault'));
        return;
      }
      await this.dispatch(method, segments, url, req, res);
    } catch (error) {
      if (error instanceof GraphRequestError) {
        this.countRejection(error.code);
        sendJson(res, error.httpStatus, error.toBody());
        return;
      }
      if (error instanceof BodyTooLargeError) {
        this.countRejection(100);
        sendJson(res, 413, graphErrorBody(100, error.message), { Connection: 'close' });
        return;
      }
      throw error;
    }
  }

  private async dispatch(
    method: string,
    segments: string[],
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    if (method === 'GET' && segments.join('/') === ATTACHMENT_PATH) {
      return downloadMedia(this.mediaRoutes, url, req, res);
    }
    if (segments.length === 2 && segments[1] === 'messages' && method === 'POST') {
      return this.handleSend(segments[0], url, req, res);
    }
    if (segments.length === 2 && segments[1] === 'media' && method === 'POST') {
      return uploadMedia(this.mediaRoutes, segments[0], url, req, res);
    }
    if (segments.join('/') === 'oauth/access_token' && method === 'GET') {
      return this.account.exchangeCode(url, res);
    }
    if (segments.length === 2 && segments[1] === 'subscribed_apps' && method === 'POST') {
      return this.account.subscribe(segments[0], url, req, res);
    }
    if (segments.length === 2 && segments[1] === 'register' && method === 'POST') {
      return this.account.register(segments[0], url, req, res);
    }
    if (segments.length === 2 && segments[1] === 'phone_numbers' && method === 'GET') {
      return this.account.listNumbers(segments[0], url, req, res);
    }
    if (segments.length === 1 && method === 'POST' && this.templateStore.byId(segments[0])) {
      return editTemplate(this.templateStore, this.phones, segments[0], url, req, res);
    }
    if (segments.length === 1 && method === 'GET' && this.phones.has(segments[0])) {
      return this.account.readNumber(segments[0], url, req, res);
    }
    if (segments.length === 2 && segments[1] === 'message_templates') {
      if (method === 'GET') {
        return listTemplates(this.templateStore, this.phones, this.server.url, segments[0], url, req, res);
      }
      if (method === 'POST') {
        return createTemplate(this.templateStore, this.phones, segments[0], url, req, res);
      }
    }
    if (segments.length === 1 && (method === 'GET' || method === 'DELETE')) {
      return mediaObject(this.mediaRoutes, method, segments[0], url, req, res);
    }
    throw new GraphRequestError(100, `Unsupported ${method} request: /${segments.join('/')}`);
  }

  private async handleSend(phoneNumberId: string, url: URL, req: IncomingMessage, res: ServerResponse) {
    const phone = this.phones.authorizeNumber(req, url, phoneNumberId);
    const parsed = parseSendBody(await readJsonBody(req));
    const now = this.now();
    if (parsed.kind === 'read') {
      this.readLog.push({
        phoneNumberId,
        messageId: parsed.messageId,
        typingIndicator: parsed.typingIndicator,
        at: now,
      });
      sendJson(res, 200, { success: true });
      return;
    }
    const template = this.resolveTemplate(phone, parsed);
    this.takeRateTokens(phone, parsed.waId, now);
    const insideWindow = this.windows.isOpen(parsed.waId, now);
    const freeForm = template === undefined;
    if (freeForm && !insideWindow && this.windowMode === 'sync') {
      throw new GraphRequestError(131047, 'More than 24 hours have passed since the recipient last replied');
    }
    const message: SentMessage = {
      wamid: this.newWamid(parsed.waId),
      phoneNumberId: phone.id,
      wabaId: phone.wabaId,
      to: parsed.to,
      waId: parsed.waId,
      type: parsed.type,
      body: parsed.body,
      at: now,
      template: template && { name: template.name, language: template.language, category: template.category },
      insideWindow,
      status: 'accepted',
    };
    this.remember(message);
    for (const listener of this.sentListeners) listener({ ...message });
    if (freeForm && !insideWindow) {
      this.emitStatus(
        message,
        'failed',
        131047,
        'More than 24 hours have passed since the recipient last replied',
      );
    } else {
      for (const status of this.autoStatuses) this.emitStatus(message, status);
    }
    sendJson(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: parsed.to, wa_id: parsed.waId }],
      messages: [{ id: message.wamid, ...(template ? { message_status: 'accepted' } : {}) }],
    });
  }

  private resolveTemplate(phone: MetaPhoneNumber, parsed: OutboundSend): StoredTemplate | undefined {
    if (!parsed.template) return undefined;
    const { name, language } = parsed.template;
    const template = this.templateStore.find(phone.wabaId, name, language);
    if (!template || template.status !== 'APPROVED') {
      const why = template ? `is ${template.status}, not APPROVED` : 'does not exist in this language';
      throw new GraphRequestError(132001, `Template ${name} (${language}) ${why}`);
    }
    const mismatch = templateParameterMismatch(template, parsed.template);
    if (mismatch) throw new GraphRequestError(132000, `Template ${name}: ${mismatch}`);
    return template;
  }

  /** Both limits are checked before either bucket is charged, so a rejected send costs nothing. */
  private takeRateTokens(phone: MetaPhoneNumber, waId: string, now: number): void {
    const pairKey = `${phone.id}:${waId}`;
    const capped = Number.isFinite(this.throughputMps);
    if (capped && this.throughputBuckets.waitMs(phone.id, now) > 0) {
      throw new GraphRequestError(
        130429,
        `Throughput of ${this.throughputMps} messages per second exceeded for phone number ${phone.id}`,
      );
    }
    if (this.pairEnabled && this.pairBuckets.waitMs(pairKey, now) > 0) {
      throw new GraphRequestError(
        131056,
        'Too many messages sent from this phone number to the same recipient phone number in a short period of time',
        { httpStatus: this.pairStatus },
      );
    }
    if (capped) this.throughputBuckets.tryTake(phone.id, now);
    if (this.pairEnabled) this.pairBuckets.tryTake(pairKey, now);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private countRejection(code: number): void {
    this.rejectionCounts.set(code, (this.rejectionCounts.get(code) ?? 0) + 1);
  }

  private remember(message: SentMessage): void {
    this.messages.set(message.wamid, message);
    if (this.messages.size > this.maxRecords) {
      const oldest = this.messages.keys().next().value as string;
      this.messages.delete(oldest);
    }
  }

  private requireMessage(wamid: string): SentMessage {
    const message = this.messages.get(wamid);
    if (!message) throw new Error(`No accepted message with id ${wamid}`);
    return message;
  }

  private emitStatus(message: SentMessage, status: MetaStatusName, code?: number, details?: string): void {
    if (STATUS_RANK[status] > STATUS_RANK[message.status]) message.status = status;
    if (status === 'failed') message.errorCode = code;
    const body = message.body;
    const event: MetaStatus = {
      id: message.wamid,
      status,
      timestamp: unixSeconds(this.now()),
      recipient_id: message.waId,
      ...(typeof body.biz_opaque_callback_data === 'string'
        ? { biz_opaque_callback_data: body.biz_opaque_callback_data }
        : {}),
      ...(status === 'sent' || status === 'delivered' ? { pricing: pricingOf(message) } : {}),
      ...(status === 'failed' && code !== undefined ? { errors: [webhookError(code, details ?? '')] } : {}),
    };
    this.emit({
      kind: 'status',
      phone: this.phones.ref(this.phones.get(message.phoneNumberId)),
      status: event,
    });
  }

  private emit(event: MetaWebhookEvent): void {
    if (!this.webhookUrl) {
      this.eventsWithoutUrl += 1;
      return;
    }
    this.dispatcher.enqueue(this.webhookUrl, event);
  }

  private encodeWebhook(url: string, events: MetaWebhookEvent[]) {
    const body = serialiseEnvelope(buildMetaEnvelope(events), this.escapeNonAscii);
    return {
      url,
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'facebookexternalua',
        'X-Hub-Signature-256': metaSignature(this.appSecret, body),
      },
    };
  }

  private newWamid(waId: string): string {
    this.sequence += 1;
    const raw = `${waId}:${this.sequence}:${this.randomHex.next(8)}`;
    return `wamid.${Buffer.from(raw).toString('base64')}`;
  }

  private newMediaId(): string {
    this.sequence += 1;
    return `1${String(this.sequence).padStart(9, '0')}${String(randomInt(1_000_000)).padStart(6, '0')}`;
  }
}

/** The fault-injection route of a request: messages, templates, media, or an onboarding step. */
function routeName(segments: string[], isPhone: (id: string) => boolean): string {
  if (segments.join('/') === ATTACHMENT_PATH) return 'download';
  if (segments[1] === 'messages') return 'messages';
  if (segments[1] === 'message_templates') return 'templates';
  if (segments[0] === 'oauth') return 'oauth';
  if (segments[1] === 'subscribed_apps' || segments[1] === 'register' || segments[1] === 'phone_numbers') {
    return segments[1];
  }
  if (segments.length === 1 && isPhone(segments[0])) return 'phone';
  return 'media';
}

function pricingOf(message: SentMessage): MetaPricing {
  if (!message.template) {
    return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  }
  const category = message.template.category.toLowerCase();
  const free = category === 'utility' && message.insideWindow;
  return {
    billable: !free,
    pricing_model: 'PMP',
    type: free ? 'free_customer_service' : 'regular',
    category,
  };
}
