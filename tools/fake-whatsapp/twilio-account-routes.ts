import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-io';
import { TwilioRequestError } from './twilio-errors';
import { twilioSid } from './twilio-message';

/** WhatsApp approval of a Content template, as Twilio's ApprovalRequests resource reports it. */
export interface ContentApproval {
  name: string;
  category: string;
  /** received, pending, approved, rejected, paused, disabled. */
  status: string;
  rejectionReason?: string;
}

/** A Content API template (`HX...`). */
export interface TwilioContent {
  sid: string;
  /** The account that owns it (default: the fake's first account). */
  accountSid?: string;
  friendlyName?: string;
  language?: string;
  /** Variable keys that must be present in ContentVariables; defaults to the `{{n}}` keys of `body`. */
  variables?: string[];
  /** Sample values per variable, as created through the Content API. */
  samples?: Record<string, string>;
  body?: string;
  /** The Content API `types` object as created (twilio/text, twilio/call-to-action, ...). */
  types?: Record<string, unknown>;
  /** Content that cannot open a business-initiated conversation (list pickers, locations). */
  sessionOnly?: boolean;
  /** Absent: never submitted (fine inside the window). Outside it only approved content is delivered. */
  approval?: ContentApproval;
}

/** A number of an account: Incoming Phone Numbers, or a sender in a Messaging Service. */
export interface TwilioNumber {
  accountSid: string;
  phoneNumber: string;
  /** A Messaging Service (MG...) holding the number instead of the account's Incoming Phone Numbers. */
  messagingServiceSid?: string;
}

const MAX_JSON_BYTES = 256 * 1024;

/** The body of a Content template as WhatsApp shows it: the first type that has text. */
export function contentBody(types: Record<string, unknown>): string {
  for (const value of Object.values(types)) {
    const body = (value as { body?: unknown; title?: unknown } | null)?.body;
    if (typeof body === 'string') return body;
  }
  return '';
}

/**
 * The account side of the fake: Incoming Phone Numbers, Messaging Services with their senders, and the
 * Content API (create, approval request, fetch, list with approvals, delete).
 */
export class TwilioAccountRoutes {
  constructor(
    readonly contents: Map<string, TwilioContent>,
    readonly numbers: TwilioNumber[],
    private readonly defaultAccount: () => string,
  ) {}

  owner(content: TwilioContent): string {
    return content.accountSid ?? this.defaultAccount();
  }

  /** GET /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers.json?PhoneNumber=+1... */
  incomingNumbers(accountSid: string, url: URL, res: ServerResponse): void {
    const wanted = url.searchParams.get('PhoneNumber');
    const list = this.numbers.filter(
      (n) => n.accountSid === accountSid && !n.messagingServiceSid && (!wanted || n.phoneNumber === wanted),
    );
    sendJson(res, 200, {
      incoming_phone_numbers: list.map((n) => ({
        sid: `PN${Buffer.from(n.phoneNumber).toString('hex').padEnd(32, '0').slice(0, 32)}`,
        account_sid: accountSid,
        phone_number: n.phoneNumber,
        friendly_name: n.phoneNumber,
      })),
      next_page_uri: null,
      page: 0,
      page_size: 50,
    });
  }

  /** GET /v1/Services and GET /v1/Services/{MG}/PhoneNumbers (Messaging). */
  services(accountSid: string, rest: string[], res: ServerResponse): void {
    const own = this.numbers.filter((n) => n.accountSid === accountSid && n.messagingServiceSid);
    if (rest.length === 0) {
      const sids = [...new Set(own.map((n) => n.messagingServiceSid as string))];
      sendJson(res, 200, {
        services: sids.map((sid) => ({ sid, account_sid: accountSid, friendly_name: sid })),
        meta: { key: 'services', next_page_url: null, page: 0, page_size: 50 },
      });
      return;
    }
    if (rest.length === 2 && rest[1] === 'PhoneNumbers') {
      const inService = own.filter((n) => n.messagingServiceSid === rest[0]);
      if (!inService.length) throw new TwilioRequestError(20404);
      sendJson(res, 200, {
        phone_numbers: inService.map((n) => ({
          sid: twilioSid('PN'),
          account_sid: accountSid,
          service_sid: rest[0],
          phone_number: n.phoneNumber,
        })),
        meta: { key: 'phone_numbers', next_page_url: null, page: 0, page_size: 50 },
      });
      return;
    }
    throw new TwilioRequestError(20404);
  }

  /** /v1/Content..., /v1/ContentAndApprovals */
  async content(
    accountSid: string,
    method: string,
    segments: string[],
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const [resource, sid, sub, channel] = segments;
    if (resource === 'ContentAndApprovals' && method === 'GET' && segments.length === 1) {
      const contents = [...this.contents.values()].filter((c) => this.owner(c) === accountSid);
      sendJson(res, 200, {
        contents: contents.map((c) => ({
          ...this.resource(c),
          approval_requests: c.approval ? approvalJson(c.approval) : {},
        })),
        meta: { key: 'contents', next_page_url: null, page: 0, page_size: 50 },
      });
      return;
    }
    if (resource !== 'Content') throw new TwilioRequestError(20404);
    if (segments.length === 1 && method === 'POST') {
      const body = await readJson(req);
      const types = body.types;
      if (typeof body.friendly_name !== 'string' || !body.friendly_name) {
        throw new TwilioRequestError(20001, 'friendly_name is required', 400);
      }
      if (typeof body.language !== 'string' || !body.language) {
        throw new TwilioRequestError(20001, 'language is required', 400);
      }
      if (!types || typeof types !== 'object' || !Object.keys(types).length) {
        throw new TwilioRequestError(20001, 'types must hold at least one content type', 400);
      }
      const samples = (body.variables ?? {}) as Record<string, string>;
      const content: TwilioContent = {
        sid: twilioSid('HX'),
        accountSid,
        friendlyName: body.friendly_name,
        language: body.language,
        samples,
        types: types as Record<string, unknown>,
        body: contentBody(types as Record<string, unknown>),
      };
      this.contents.set(content.sid, content);
      sendJson(res, 201, this.resource(content));
      return;
    }
    const content = sid ? this.contents.get(sid) : undefined;
    if (!content || this.owner(content) !== accountSid) throw new TwilioRequestError(20404);
    if (segments.length === 2 && method === 'GET') return sendJson(res, 200, this.resource(content));
    if (segments.length === 2 && method === 'DELETE') {
      this.contents.delete(content.sid);
      res.writeHead(204).end();
      return;
    }
    if (sub === 'ApprovalRequests' && segments.length === 3 && method === 'GET') {
      sendJson(res, 200, {
        sid: content.sid,
        account_sid: accountSid,
        whatsapp: content.approval ? approvalJson(content.approval) : {},
      });
      return;
    }
    if (sub === 'ApprovalRequests' && channel === 'whatsapp' && method === 'POST') {
      const body = await readJson(req);
      if (typeof body.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(body.name)) {
        throw new TwilioRequestError(20001, 'name must be lowercase letters, digits and underscores', 400);
      }
      const category = String(body.category ?? '').toUpperCase();
      if (!['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(category)) {
        throw new TwilioRequestError(20001, 'category must be MARKETING, UTILITY or AUTHENTICATION', 400);
      }
      content.approval = { name: body.name, category, status: 'received' };
      sendJson(res, 201, approvalJson(content.approval));
      return;
    }
    throw new TwilioRequestError(20404);
  }

  private resource(c: TwilioContent) {
    return {
      sid: c.sid,
      account_sid: this.owner(c),
      friendly_name: c.friendlyName ?? c.sid,
      language: c.language ?? 'en',
      variables: c.samples ?? {},
      types: c.types ?? { 'twilio/text': { body: c.body ?? '' } },
      url: `https://content.twilio.com/v1/Content/${c.sid}`,
    };
  }
}

function approvalJson(a: ContentApproval) {
  return {
    type: 'whatsapp',
    name: a.name,
    category: a.category,
    content_type: 'twilio/text',
    status: a.status,
    rejection_reason: a.rejectionReason ?? '',
    allow_category_change: true,
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req, MAX_JSON_BYTES);
  try {
    const parsed = JSON.parse(raw.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new TwilioRequestError(20001, 'The request body must be a JSON object', 400);
}
