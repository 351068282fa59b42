import { GraphRequestError } from './meta-graph-errors';

/** Limits from the Cloud API docs (reference §2.3). */
export const META_LIMITS = {
  textBody: 4096,
  caption: 1024,
  buttonBody: 1024,
  listBody: 4096,
  footer: 60,
  headerText: 60,
  buttonsMin: 1,
  buttonsMax: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  listSections: 10,
  listRows: 10,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  sectionTitle: 24,
} as const;

const MEDIA_TYPES = ['image', 'document', 'video', 'audio', 'sticker'] as const;
const CAPTIONED = new Set(['image', 'document', 'video']);
const SUPPORTED_TYPES = new Set<string>([
  'text',
  ...MEDIA_TYPES,
  'interactive',
  'template',
  'location',
  'contacts',
  'reaction',
]);

export type Json = Record<string, unknown>;

export interface ReadReceipt {
  kind: 'read';
  messageId: string;
  typingIndicator: boolean;
}

export interface TemplateReference {
  name: string;
  language: string;
  components: Json[];
}

export interface OutboundSend {
  kind: 'message';
  to: string;
  /** Digits only: the user's WhatsApp id as the fake reports it. */
  waId: string;
  type: string;
  template?: TemplateReference;
  body: Json;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Meta counts characters, not UTF-16 units. */
export function charLength(value: string): number {
  return Array.from(value).length;
}

function fail(details: string): never {
  throw new GraphRequestError(100, details);
}

function requireRecord(parent: Json, key: string, path: string): Json {
  const value = parent[key];
  if (!isRecord(value)) fail(`${path} is required and must be an object`);
  return value;
}

function requireString(parent: Json, key: string, path: string, max?: number): string {
  const value = parent[key];
  if (typeof value !== 'string' || value.length === 0)
    fail(`${path} is required and must be a non-empty string`);
  if (max !== undefined && charLength(value) > max) fail(`${path} must be at most ${max} characters`);
  return value;
}

function optionalString(parent: Json, key: string, path: string, max: number): string | undefined {
  const value = parent[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`${path} must be a string`);
  if (charLength(value) > max) fail(`${path} must be at most ${max} characters`);
  return value;
}

/** `to` must carry a `+` and the country code; spaces, hyphens and parentheses are tolerated. */
export function parseRecipient(raw: unknown): { to: string; waId: string } {
  if (typeof raw !== 'string' || raw.trim().length === 0) fail('to is required');
  const compact = raw.replace(/[\s\-()]/g, '');
  if (!compact.startsWith('+')) {
    fail('to must start with + and the country code; without it Meta prepends the business country code');
  }
  const digits = compact.slice(1);
  if (!/^\d{7,15}$/.test(digits)) fail(`to is not a valid phone number: ${raw}`);
  return { to: raw, waId: digits };
}

/** Parses a POST /messages body into a send or a read receipt, or throws Graph error 100 naming the problem. */
export function parseSendBody(body: unknown): ReadReceipt | OutboundSend {
  if (!isRecord(body)) fail('Request body must be a JSON object');
  if (body.messaging_product !== 'whatsapp') fail('messaging_product must be "whatsapp"');

  if (body.status !== undefined) {
    if (body.status !== 'read') fail('status must be "read"');
    const messageId = requireString(body, 'message_id', 'message_id');
    if (body.typing_indicator !== undefined) {
      const typing = requireRecord(body, 'typing_indicator', 'typing_indicator');
      if (typing.type !== 'text') fail('typing_indicator.type must be "text"');
    }
    return { kind: 'read', messageId, typingIndicator: body.typing_indicator !== undefined };
  }

  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    fail('recipient_type must be "individual" (group sends are not simulated)');
  }
  const { to, waId } = parseRecipient(body.to);
  const type = body.type ?? 'text';
  if (typeof type !== 'string' || !SUPPORTED_TYPES.has(type))
    fail(`type ${JSON.stringify(type)} is not supported`);
  const content = requireRecord(body, type, type);
  if (body.context !== undefined)
    requireString(requireRecord(body, 'context', 'context'), 'message_id', 'context.message_id');
  if (body.biz_opaque_callback_data !== undefined && typeof body.biz_opaque_callback_data !== 'string') {
    fail('biz_opaque_callback_data must be a string');
  }

  let template: TemplateReference | undefined;
  switch (type) {
    case 'text':
      requireString(content, 'body', 'text.body', META_LIMITS.textBody);
      if (content.preview_url !== undefined && typeof content.preview_url !== 'boolean') {
        fail('text.preview_url must be a boolean');
      }
      break;
    case 'interactive':
      validateInteractive(content);
      break;
    case 'template':
      template = validateTemplateReference(content);
      break;
    case 'location':
      if (typeof content.latitude !== 'number' || typeof content.longitude !== 'number') {
        fail('location.latitude and location.longitude must be numbers');
      }
      break;
    case 'reaction':
      requireString(content, 'message_id', 'reaction.message_id');
      if (typeof content.emoji !== 'string') fail('reaction.emoji must be a string');
      break;
    case 'contacts':
      break;
    default:
      validateMedia(type, content);
  }
  return { kind: 'message', to, waId, type, template, body };
}

function validateMedia(type: string, media: Json): void {
  const hasId = media.id !== undefined;
  const hasLink = media.link !== undefined;
  if (hasId === hasLink) fail(`${type} needs exactly one of id or link`);
  if (hasId) requireString(media, 'id', `${type}.id`);
  if (hasLink) {
    const link = requireString(media, 'link', `${type}.link`);
    if (!/^https?:\/\/\S+$/i.test(link)) fail(`${type}.link must be an http(s) URL`);
  }
  if (CAPTIONED.has(type)) optionalString(media, 'caption', `${type}.caption`, META_LIMITS.caption);
  else if (media.caption !== undefined) fail(`${type} does not support a caption`);
  if (type === 'document') optionalString(media, 'filename', 'document.filename', 240);
}

function validateInteractive(interactive: Json): void {
  const kind = interactive.type;
  if (kind !== 'button' && kind !== 'list') {
    fail(`interactive.type ${JSON.stringify(kind)} is not supported (button, list)`);
  }
  const bodyMax = kind === 'button' ? META_LIMITS.buttonBody : META_LIMITS.listBody;
  requireString(
    requireRecord(interactive, 'body', 'interactive.body'),
    'text',
    'interactive.body.text',
    bodyMax,
  );
  if (interactive.footer !== undefined) {
    const footer = requireRecord(interactive, 'footer', 'interactive.footer');
    requireString(footer, 'text', 'interactive.footer.text', META_LIMITS.footer);
  }
  if (interactive.header !== undefined)
    validateInteractiveHeader(kind, requireRecord(interactive, 'header', 'interactive.header'));
  const action = requireRecord(interactive, 'action', 'interactive.action');
  if (kind === 'button') validateReplyButtons(action);
  else validateList(action);
}

function validateInteractiveHeader(kind: 'button' | 'list', header: Json): void {
  const allowed = kind === 'list' ? ['text'] : ['text', 'image', 'video', 'document'];
  if (typeof header.type !== 'string' || !allowed.includes(header.type)) {
    fail(`interactive.header.type must be one of ${allowed.join(', ')}`);
  }
  if (header.type === 'text')
    requireString(header, 'text', 'interactive.header.text', META_LIMITS.headerText);
  else validateMedia(header.type, requireRecord(header, header.type, `interactive.header.${header.type}`));
}

function validateReplyButtons(action: Json): void {
  const buttons = action.buttons;
  if (
    !Array.isArray(buttons) ||
    buttons.length < META_LIMITS.buttonsMin ||
    buttons.length > META_LIMITS.buttonsMax
  ) {
    fail(
      `interactive.action.buttons must hold ${META_LIMITS.buttonsMin} to ${META_LIMITS.buttonsMax} buttons`,
    );
  }
  const titles = new Set<string>();
  buttons.forEach((button: unknown, i) => {
    const path = `interactive.action.buttons[${i}]`;
    if (!isRecord(button) || button.type !== 'reply') fail(`${path}.type must be "reply"`);
    const reply = requireRecord(button, 'reply', `${path}.reply`);
    requireString(reply, 'id', `${path}.reply.id`, META_LIMITS.buttonId);
    const title = requireString(reply, 'title', `${path}.reply.title`, META_LIMITS.buttonTitle);
    if (titles.has(title)) fail(`${path}.reply.title ${JSON.stringify(title)} is not unique`);
    titles.add(title);
  });
}

function validateList(action: Json): void {
  requireString(action, 'button', 'interactive.action.button', META_LIMITS.listButton);
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > META_LIMITS.listSections) {
    fail(`interactive.action.sections must hold 1 to ${META_LIMITS.listSections} sections`);
  }
  let rowCount = 0;
  sections.forEach((section: unknown, s) => {
    const path = `interactive.action.sections[${s}]`;
    if (!isRecord(section)) fail(`${path} must be an object`);
    if (sections.length > 1 || section.title !== undefined) {
      requireString(section, 'title', `${path}.title`, META_LIMITS.sectionTitle);
    }
    const rows = section.rows;
    if (!Array.isArray(rows) || rows.length === 0) fail(`${path}.rows must hold at least one row`);
    rows.forEach((row: unknown, r) => {
      const rowPath = `${path}.rows[${r}]`;
      if (!isRecord(row)) fail(`${rowPath} must be an object`);
      requireString(row, 'id', `${rowPath}.id`, META_LIMITS.rowId);
      requireString(row, 'title', `${rowPath}.title`, META_LIMITS.rowTitle);
      optionalString(row, 'description', `${rowPath}.description`, META_LIMITS.rowDescription);
    });
    rowCount += rows.length;
  });
  if (rowCount > META_LIMITS.listRows) {
    fail(`interactive list has ${rowCount} rows; at most ${META_LIMITS.listRows} in total across sections`);
  }
}

function validateTemplateReference(template: Json): TemplateReference {
  const name = requireString(template, 'name', 'template.name');
  const language = requireString(
    requireRecord(template, 'language', 'template.language'),
    'code',
    'template.language.code',
  );
  const components = template.components ?? [];
  if (!Array.isArray(components) || !components.every(isRecord))
    fail('template.components must be an array of objects');
  components.forEach((component, i) => {
    if (typeof component.type !== 'string') fail(`template.components[${i}].type is required`);
    if (component.parameters !== undefined && !Array.isArray(component.parameters)) {
      fail(`template.components[${i}].parameters must be an array`);
    }
  });
  return { name, language, components };
}
