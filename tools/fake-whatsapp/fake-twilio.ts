import type { IncomingMessage, ServerResponse } from 'node:http';
import twilio from 'twilio';
import { BoundedLog } from './bounded-log';
import { systemClock, type Clock } from './clock';
import { CustomerWindows } from './customer-window';
import { FaultInjector, type Fault } from './fault-injector';
import { BodyTooLargeError, header, pathSegments, readBody, sendBytes, sendJson } from './http-io';
import { assertLoopbackUrl, isLoopbackHost } from './loopback';
import { LoopbackServer } from './loopback-server';
import { MediaStore } from './media-store';
import { TimerSet } from './timer-set';
import {
  TwilioAccountRoutes,
  type ContentApproval,
  type TwilioContent,
  type TwilioNumber,
} from './twilio-account-routes';
import { TWILIO_ASYNC_ERRORS, TwilioRequestError, twilioErrorBody } from './twilio-errors';
import { inboundParams, whatsappAddress, type TwilioUserMessage } from './twilio-inbound';
import {
  messageResource,
  twilioSid,
  TWILIO_STATUS_RANK,
  type TwilioMessageRecord,
  type TwilioStatus,
} from './twilio-message';
import { WebhookDispatcher, type DeliveryOptions, type DeliveryRecord } from './webhook-dispatcher';

export interface TwilioAccount {
  sid: string;
  authToken: string;
}

export type { TwilioContent, TwilioNumber, ContentApproval };

export interface FakeTwilioOptions {
  accounts?: TwilioAccount[];
  /** Accepted `From` addresses (`whatsapp:+1555...`); an empty list accepts any WhatsApp address. */
  senders?: string[];
  contents?: TwilioContent[];
  /**
   * Numbers per account (Incoming Phone Numbers or Messaging Service senders), for proving that a
   * sender belongs to an account. Default: every sender is an Incoming Phone Number of the first account.
   */
  numbers?: TwilioNumber[];
  /** Used when a message has no StatusCallback of its own. */
  statusCallbackUrl?: string;
  /** Receives the simulated users' messages. */
  inboundUrl?: string;
  now?: Clock;
  /** Statuses emitted after an accepted send (default: sent, then delivered). */
  autoStatuses?: Array<'sent' | 'delivered'>;
  /** Status of the callback for a free-form message outside the 24 h window (ErrorCode 63016). */
  windowFailureStatus?: 'failed' | 'undelivered';
  /** Callback delivery; Twilio does not retry status callbacks, so maxAttempts defaults to 1. */
  webhooks?: Partial<Omit<DeliveryOptions, 'batchSize'>>;
  maxRecords?: number;
}

export interface TwilioInboundRecord {
  messageSid: string;
  params: Record<string, string>;
}

export const DEFAULT_TWILIO_ACCOUNT: TwilioAccount = {
  sid: `AC${'0'.repeat(31)}1`,
  authToken: 'test-twilio-auth-token',
};
export const DEFAULT_TWILIO_SENDER = 'whatsapp:+15550001111';

const API_VERSION = '2010-04-01';
const MAX_FORM_BYTES = 256 * 1024;
const MAX_BODY_CHARS = 1600;
const MAX_MEDIA_URLS = 10;

/** A loopback stand-in for Twilio's Messages API on the WhatsApp channel, with signed callbacks. */
export class FakeTwilio {
  private readonly server = new LoopbackServer((req, res) => this.handle(req, res));
  private readonly now: Clock;
  private readonly accounts = new Map<string, TwilioAccount>();
  private readonly senders: string[];
  private readonly contents = new Map<string, TwilioContent>();
  private statusCallbackUrl?: string;
  private inboundUrl?: string;
  private readonly autoStatuses: Array<'sent' | 'delivered'>;
  private readonly windowFailureStatus: 'failed' | 'undelivered';
  private readonly maxRecords: number;
  private readonly windows = new CustomerWindows();
  private readonly faults: FaultInjector;
  private readonly timers = new TimerSet();
  private readonly mediaStore = new MediaStore();
  private readonly dispatcher: WebhookDispatcher<{ params: Record<string, string>; authToken: string }>;
  private readonly messages = new Map<string, TwilioMessageRecord>();
  private readonly inboundLog: BoundedLog<TwilioInboundRecord>;
  private readonly rejectionCounts = new Map<number, number>();
  private readonly channelInstallSid = twilioSid('XE');
  private readonly account: TwilioAccountRoutes;
  private eventsWithoutUrl = 0;

  constructor(options: FakeTwilioOptions = {}) {
    this.now = options.now ?? systemClock;
    for (const account of options.accounts ?? [DEFAULT_TWILIO_ACCOUNT]) {
      if (!/^AC[0-9a-f]{32}$/i.test(account.sid))
        throw new Error(`Account SID must be AC + 32 hex: ${account.sid}`);
      this.accounts.set(account.sid, account);
    }
    if (this.accounts.size === 0) throw new Error('FakeTwilio needs at least one account');
    this.senders = options.senders ?? [DEFAULT_TWILIO_SENDER];
    const firstSid = this.firstAccount().sid;
    this.account = new TwilioAccountRoutes(
      this.contents,
      options.numbers ??
        this.senders.map((sender) => ({
          accountSid: firstSid,
          phoneNumber: sender.replace(/^whatsapp:/, ''),
        })),
      () => firstSid,
    );
    for (const content of options.contents ?? []) this.addContent(content);
    if (options.statusCallbackUrl) this.setStatusCallbackUrl(options.statusCallbackUrl);
    if (options.inboundUrl) this.setInboundUrl(options.inboundUrl);
    this.autoStatuses = options.autoStatuses ?? ['sent', 'delivered'];
    this.windowFailureStatus = options.windowFailureStatus ?? 'failed';
    this.maxRecords = options.maxRecords ?? 100_000;
    this.faults = new FaultInjector(this.now);
    this.inboundLog = new BoundedLog(this.maxRecords);
    this.dispatcher = new WebhookDispatcher(
      (url, events) => this.encodeCallback(url, events[0]),
      (status) => status >= 200 && status < 300,
      { maxAttempts: 1, ...options.webhooks, batchSize: 1 },
      Math.min(this.maxRecords, 10_000),
    );
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

  addContent(content: TwilioContent): void {
    if (!/^HX[0-9a-f]{32}$/i.test(content.sid))
      throw new Error(`Content SID must be HX + 32 hex: ${content.sid}`);
    this.contents.set(content.sid, content);
  }

  /** WhatsApp approves a Content template that was submitted (ApprovalRequests status `approved`). */
  approveContent(sid: string): void {
    this.setApproval(sid, 'approved');
  }

  /** WhatsApp rejects a submitted Content template, with Twilio's `rejection_reason`. */
  rejectContent(sid: string, reason = 'The content was rejected'): void {
    this.setApproval(sid, 'rejected', reason);
  }

  /** Content templates as stored (created through the API or given in the options). */
  contentTemplates(): TwilioContent[] {
    return [...this.contents.values()].map((c) => ({ ...c }));
  }

  private setApproval(sid: string, status: string, rejectionReason?: string): void {
    const content = this.contents.get(sid);
    if (!content?.approval) throw new Error(`Content ${sid} was not submitted for WhatsApp approval`);
    content.approval = { ...content.approval, status, ...(rejectionReason ? { rejectionReason } : {}) };
  }

  setStatusCallbackUrl(url: string | undefined): void {
    this.statusCallbackUrl = url === undefined ? undefined : assertLoopbackUrl(url).toString();
  }

  setInboundUrl(url: string | undefined): void {
    this.inboundUrl = url === undefined ? undefined : assertLoopbackUrl(url).toString();
  }

  configureWebhooks(options: Partial<Omit<DeliveryOptions, 'batchSize'>>): void {
    this.dispatcher.configure({ ...options, batchSize: 1 });
  }

  // ---- fault injection -------------------------------------------------------------------------

  /** The next `count` API requests (optionally only `fault.route`: messages, media) fail. */
  failNext(count: number, fault: Fault): void {
    this.faults.failNext(count, fault);
  }

  failFor(durationMs: number, fault: Fault): void {
    this.faults.failFor(durationMs, fault);
  }

  delayResponses(ms: number): void {
    this.faults.delayResponses(ms);
  }

  // ---- callbacks -------------------------------------------------------------------------------

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

  get webhookEventsWithoutUrl(): number {
    return this.eventsWithoutUrl;
  }

  // ---- simulated users -------------------------------------------------------------------------

  /** A user writes to the business: records their window and posts Twilio's signed inbound form. */
  userSends(input: TwilioUserMessage): { messageSid: string; params: Record<string, string> } {
    const account = this.firstAccount();
    const { address: from, digits } = whatsappAddress(input.from);
    const to = input.to ?? this.senders[0] ?? DEFAULT_TWILIO_SENDER;
    const messageSid = twilioSid(input.media?.length ? 'MM' : 'SM');
    const mediaUrls = (input.media ?? []).map((media) => {
      const mediaSid = twilioSid('ME');
      this.mediaStore.put({
        id: mediaSid,
        owner: messageSid,
        mimeType: media.contentType,
        bytes: Buffer.from(media.bytes ?? 'fake-media-bytes'),
        createdAt: this.now(),
      });
      return `${this.server.url}/${API_VERSION}/Accounts/${account.sid}/Messages/${messageSid}/Media/${mediaSid}`;
    });
    const params = inboundParams(input, {
      messageSid,
      accountSid: account.sid,
      from,
      waId: digits,
      to,
      mediaUrls,
    });
    this.windows.record(digits, input.at ?? this.now());
    this.inboundLog.push({ messageSid, params });
    this.post(this.inboundUrl, params, account.authToken);
    return { messageSid, params };
  }

  openWindow(user: string, atMs = this.now()): void {
    this.windows.record(whatsappAddress(user).digits, atMs);
  }

  markDelivered(sid: string): void {
    this.emitStatus(this.requireMessage(sid), 'delivered');
  }

  markReadByUser(sid: string): void {
    this.emitStatus(this.requireMessage(sid), 'read');
  }

  /** Emits a failed (or undelivered) callback, e.g. 63003 for a number that is not on WhatsApp. */
  failDelivery(sid: string, errorCode: number, status: 'failed' | 'undelivered' = 'failed'): void {
    this.emitStatus(this.requireMessage(sid), status, errorCode);
  }

  // ---- inspection ------------------------------------------------------------------------------

  sent(): TwilioMessageRecord[] {
    return [...this.messages.values()].map((m) => ({ ...m }));
  }

  received(user: string): TwilioMessageRecord[] {
    const digits = whatsappAddress(user).digits;
    return this.sent().filter((m) => m.waId === digits);
  }

  message(sid: string): TwilioMessageRecord | undefined {
    const message = this.messages.get(sid);
    return message && { ...message };
  }

  inbound(): TwilioInboundRecord[] {
    return this.inboundLog.all();
  }

  /** Synchronously rejected API requests by Twilio error code (injected faults included). */
  rejections(): Record<number, number> {
    return Object.fromEntries(this.rejectionCounts);
  }

  resetState(): void {
    this.messages.clear();
    this.inboundLog.clear();
    this.rejectionCounts.clear();
    this.windows.clear();
    this.faults.reset();
    this.dispatcher.clearRecords();
    this.eventsWithoutUrl = 0;
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.server.url);
    const segments = pathSegments(url);
    const route = segments.includes('Media')
      ? 'media'
      : segments[0] === 'v1' && segments[1]?.startsWith('Content')
        ? 'content'
        : segments[0] === 'v1' || segments.includes('IncomingPhoneNumbers.json')
          ? 'numbers'
          : 'messages';
    try {
      await this.timers.sleep(this.faults.responseDelayMs);
      if (res.destroyed) return;
      const fault = this.faults.take(route);
      if (fault) {
        this.countRejection(fault.code);
        if (fault.resetConnection) {
          req.socket.destroy();
          return;
        }
        sendJson(res, fault.httpStatus, twilioErrorBody(fault.code, fault.message, fault.httpStatus));
        return;
      }
      await this.dispatch(req.method ?? 'GET', segments, url, req, res);
    } catch (error) {
      if (error instanceof TwilioRequestError) {
        this.countRejection(error.body.code);
        const headers: Record<string, string> =
          error.body.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {};
        sendJson(res, error.body.status, error.body, headers);
        return;
      }
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, twilioErrorBody(20500, error.message, 413), { Connection: 'close' });
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
    // content.twilio.com and messaging.twilio.com share this origin; their paths do not collide.
    if (segments[0] === 'v1' && (segments[1] === 'Content' || segments[1] === 'ContentAndApprovals')) {
      const account = this.authenticate(req);
      return this.account.content(account.sid, method, segments.slice(1), req, res);
    }
    if (segments[0] === 'v1' && segments[1] === 'Services' && method === 'GET') {
      return this.account.services(this.authenticate(req).sid, segments.slice(2), res);
    }
    const [version, accounts, accountSid, messages, ...rest] = segments;
    if (version !== API_VERSION || accounts !== 'Accounts' || accountSid === undefined) throw notFound();
    const account = this.authenticate(req, accountSid);
    if (method === 'GET' && messages === 'IncomingPhoneNumbers.json' && rest.length === 0) {
      return this.account.incomingNumbers(account.sid, url, res);
    }
    if (method === 'POST' && messages === 'Messages.json' && rest.length === 0) {
      return this.handleCreate(account, req, res);
    }
    if (method === 'GET' && messages === 'Messages' && rest.length === 1 && rest[0].endsWith('.json')) {
      const record = this.messages.get(rest[0].slice(0, -'.json'.length));
      if (!record || record.accountSid !== account.sid) throw notFound();
      sendJson(res, 200, messageResource(record));
      return;
    }
    if (method === 'GET' && messages === 'Messages' && rest.length === 3 && rest[1] === 'Media') {
      const media = this.mediaStore.get(rest[2]);
      if (!media || media.owner !== rest[0]) throw notFound();
      sendBytes(res, 200, media.bytes, media.mimeType);
      return;
    }
    throw notFound();
  }

  private async handleCreate(
    account: TwilioAccount,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const contentType = header(req, 'content-type') ?? '';
    const raw = await readBody(req, MAX_FORM_BYTES);
    const form = new URLSearchParams(/x-www-form-urlencoded/i.test(contentType) ? raw.toString('utf8') : '');
    const get = (key: string) => form.get(key) ?? undefined;

    const toRaw = get('To');
    if (!toRaw) throw new TwilioRequestError(21604);
    if (!/^whatsapp:\+\d{7,15}$/.test(toRaw)) {
      throw new TwilioRequestError(21211, `Invalid 'To' Phone Number: ${toRaw}`);
    }
    const from = get('From');
    const messagingServiceSid = get('MessagingServiceSid');
    if (!from && !messagingServiceSid) throw new TwilioRequestError(21603);
    if (
      from &&
      (!/^whatsapp:\+\d{7,15}$/.test(from) || (this.senders.length > 0 && !this.senders.includes(from)))
    ) {
      throw new TwilioRequestError(
        63007,
        `Twilio could not find a Channel with the specified From address: ${from}`,
      );
    }

    const contentSid = get('ContentSid');
    const variablesRaw = get('ContentVariables');
    if (variablesRaw !== undefined && !contentSid) throw new TwilioRequestError(21654);
    const found = contentSid === undefined ? undefined : this.contents.get(contentSid);
    // Another account's Content SID is as unknown as a made-up one.
    const content = found && this.account.owner(found) === account.sid ? found : undefined;
    if (contentSid !== undefined && !content) throw new TwilioRequestError(21655);
    const contentVariables = content ? parseContentVariables(content, variablesRaw) : undefined;

    const body = get('Body') ?? '';
    const mediaUrls = form.getAll('MediaUrl');
    if (!content && body.length === 0 && mediaUrls.length === 0) throw new TwilioRequestError(21602);
    if (Array.from(body).length > MAX_BODY_CHARS) throw new TwilioRequestError(21617);
    if (mediaUrls.length > MAX_MEDIA_URLS || mediaUrls.some((u) => !/^https?:\/\/\S+$/i.test(u))) {
      throw new TwilioRequestError(21620);
    }
    const statusCallback = get('StatusCallback');
    if (statusCallback !== undefined && !isLoopbackHttpUrl(statusCallback)) {
      throw new TwilioRequestError(
        21609,
        `Invalid StatusCallback (the fake only calls loopback URLs): ${statusCallback}`,
      );
    }

    const now = this.now();
    const waId = toRaw.slice('whatsapp:+'.length);
    const insideWindow = this.windows.isOpen(waId, now);
    const record: TwilioMessageRecord = {
      sid: twilioSid('SM'),
      accountSid: account.sid,
      to: toRaw,
      from: from ?? this.senders[0] ?? DEFAULT_TWILIO_SENDER,
      waId,
      body: content ? renderContent(content.body ?? '', contentVariables ?? {}) : body,
      mediaUrls,
      contentSid,
      contentVariables,
      messagingServiceSid,
      statusCallback,
      at: now,
      insideWindow,
      status: messagingServiceSid ? 'accepted' : 'queued',
    };
    this.remember(record);
    // Outside the window only content WhatsApp approved can open a conversation.
    const needsWindow =
      !content ||
      content.sessionOnly === true ||
      (content.approval !== undefined && content.approval.status !== 'approved');
    if (needsWindow && !insideWindow) {
      this.emitStatus(record, this.windowFailureStatus, TWILIO_ASYNC_ERRORS.outsideWindow);
    } else {
      for (const status of this.autoStatuses) this.emitStatus(record, status);
    }
    sendJson(
      res,
      201,
      messageResource({
        ...record,
        status: record.messagingServiceSid ? 'accepted' : 'queued',
        errorCode: undefined,
      }),
    );
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Basic auth with the account's SID and token; `accountSid`, when the path names one, must match. */
  private authenticate(req: IncomingMessage, accountSid?: string): TwilioAccount {
    const auth = header(req, 'authorization') ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(auth);
    const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const account = this.accounts.get(username);
    if (
      colon < 0 ||
      !account ||
      account.authToken !== password ||
      (accountSid !== undefined && username !== accountSid)
    ) {
      throw new TwilioRequestError(20003);
    }
    return account;
  }

  private emitStatus(record: TwilioMessageRecord, status: TwilioStatus, errorCode?: number): void {
    if (TWILIO_STATUS_RANK[status] >= TWILIO_STATUS_RANK[record.status]) record.status = status;
    if (errorCode !== undefined) record.errorCode = errorCode;
    const account = this.accounts.get(record.accountSid) as TwilioAccount;
    const params: Record<string, string> = {
      AccountSid: record.accountSid,
      ApiVersion: API_VERSION,
      ChannelInstallSid: this.channelInstallSid,
      ChannelPrefix: 'whatsapp',
      ChannelToAddress: `+${record.waId}`,
      From: record.from,
      MessageSid: record.sid,
      MessageStatus: status,
      SmsSid: record.sid,
      SmsStatus: status,
      To: record.to,
    };
    if (record.messagingServiceSid) params.MessagingServiceSid = record.messagingServiceSid;
    if (errorCode !== undefined) params.ErrorCode = String(errorCode);
    if (status === 'read') params.EventType = 'READ';
    this.post(record.statusCallback ?? this.statusCallbackUrl, params, account.authToken);
  }

  private post(url: string | undefined, params: Record<string, string>, authToken: string): void {
    if (!url) {
      this.eventsWithoutUrl += 1;
      return;
    }
    this.dispatcher.enqueue(url, { params, authToken });
  }

  /** Signs exactly the URL that is called plus the sorted form fields, via the official SDK. */
  private encodeCallback(url: string, event: { params: Record<string, string>; authToken: string }) {
    const body = Buffer.from(new URLSearchParams(event.params).toString(), 'utf8');
    return {
      url,
      body,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': 'TwilioProxy/1.1',
        'I-Twilio-Idempotency-Token': `${event.params.MessageSid}-${event.params.MessageStatus ?? 'received'}`,
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(event.authToken, url, event.params),
      },
    };
  }

  private countRejection(code: number): void {
    this.rejectionCounts.set(code, (this.rejectionCounts.get(code) ?? 0) + 1);
  }

  private remember(record: TwilioMessageRecord): void {
    this.messages.set(record.sid, record);
    if (this.messages.size > this.maxRecords)
      this.messages.delete(this.messages.keys().next().value as string);
  }

  private requireMessage(sid: string): TwilioMessageRecord {
    const record = this.messages.get(sid);
    if (!record) throw new Error(`No message with SID ${sid}`);
    return record;
  }

  private firstAccount(): TwilioAccount {
    return this.accounts.values().next().value as TwilioAccount;
  }
}

function renderContent(template: string, variables: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => variables[key] ?? whole);
}

function notFound(): TwilioRequestError {
  return new TwilioRequestError(20404);
}

function isLoopbackHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/** ContentVariables must be a JSON object of non-empty strings covering every variable of the content. */
function parseContentVariables(content: TwilioContent, raw: string | undefined): Record<string, string> {
  let parsed: unknown = {};
  if (raw !== undefined) {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new TwilioRequestError(21656, 'The ContentVariables Parameter is invalid: not a JSON string');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TwilioRequestError(21656, 'The ContentVariables Parameter is invalid: not a JSON object');
  }
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new TwilioRequestError(
        21656,
        `The ContentVariables Parameter is invalid: ${key} is empty or not a string`,
      );
    }
    variables[key] = value;
  }
  const required =
    content.variables ?? [...(content.body ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
  const missing = [...new Set(required)].filter((key) => !(key in variables));
  if (missing.length > 0) {
    throw new TwilioRequestError(
      21656,
      `The ContentVariables Parameter is invalid: missing ${missing.join(', ')}`,
    );
  }
  return variables;
}
