import { GraphRequestError } from './meta-graph-errors';
import { charLength, isRecord, type Json, type TemplateReference } from './meta-message-validator';

export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

export interface StoredTemplate {
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  status: TemplateStatus;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  /** Components in Meta's creation format (HEADER, BODY, FOOTER, BUTTONS). */
  components: Json[];
}

export interface TemplateInput {
  wabaId: string;
  name: string;
  language: string;
  category: string;
  components: unknown;
  parameterFormat?: string;
  status?: TemplateStatus;
}

const NAME_PATTERN = /^[a-z0-9_]{1,512}$/;
const CATEGORIES: TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function invalid(details: string): never {
  throw new GraphRequestError(100, details);
}

/** Message templates per WABA, in creation order (which is also the listing order). */
export class TemplateStore {
  private readonly templates: StoredTemplate[] = [];
  private nextId = 1;

  add(input: TemplateInput): StoredTemplate {
    if (typeof input.name !== 'string' || !NAME_PATTERN.test(input.name)) {
      invalid('name may contain only lowercase letters, digits and underscores (1-512 characters)');
    }
    if (typeof input.language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(input.language)) {
      invalid('language must be a locale code such as en or en_US');
    }
    const category = String(input.category ?? '').toUpperCase() as TemplateCategory;
    if (!CATEGORIES.includes(category)) invalid(`category must be one of ${CATEGORIES.join(', ')}`);
    const format = String(input.parameterFormat ?? 'positional').toUpperCase();
    if (format !== 'POSITIONAL' && format !== 'NAMED')
      invalid('parameter_format must be positional or named');
    const components = validateComponents(input.components, format);
    if (this.find(input.wabaId, input.name, input.language)) {
      invalid(`Content in this language already exists: ${input.name} (${input.language})`);
    }
    const template: StoredTemplate = {
      id: String(9_000_000_000_000 + this.nextId++),
      wabaId: input.wabaId,
      name: input.name,
      language: input.language,
      category,
      status: input.status ?? 'PENDING',
      parameterFormat: format,
      components,
    };
    this.templates.push(template);
    return template;
  }

  byId(id: string): StoredTemplate | undefined {
    return this.templates.find((t) => t.id === id);
  }

  /** An edit (POST /{template-id}): new components (and category), back to review. */
  edit(template: StoredTemplate, input: { category?: unknown; components?: unknown }): void {
    if (input.category !== undefined) {
      const category = String(input.category).toUpperCase() as TemplateCategory;
      if (!CATEGORIES.includes(category)) invalid(`category must be one of ${CATEGORIES.join(', ')}`);
      template.category = category;
    }
    if (input.components !== undefined) {
      template.components = validateComponents(input.components, template.parameterFormat);
    }
    template.status = 'PENDING';
  }

  find(wabaId: string, name: string, language: string): StoredTemplate | undefined {
    return this.templates.find((t) => t.wabaId === wabaId && t.name === name && t.language === language);
  }

  list(wabaId?: string): StoredTemplate[] {
    return this.templates.filter((t) => wabaId === undefined || t.wabaId === wabaId);
  }

  clear(): void {
    this.templates.length = 0;
  }
}

function validateComponents(raw: unknown, format: string): Json[] {
  if (!Array.isArray(raw) || !raw.every(isRecord)) invalid('components must be an array of objects');
  const components: Json[] = raw.map((c: Json) => ({ ...c, type: String(c.type ?? '').toUpperCase() }));
  const body = components.find((c) => c.type === 'BODY');
  if (!body || typeof body.text !== 'string' || body.text.length === 0)
    invalid('components need a BODY with text');
  if (charLength(body.text) > 1024) invalid('BODY text must be at most 1024 characters');
  const header = components.find((c) => c.type === 'HEADER');
  if (header && (header.format ?? 'TEXT') === 'TEXT') {
    if (typeof header.text !== 'string' || charLength(header.text) > 60)
      invalid('HEADER text must be 1-60 characters');
    if (placeholders(header.text).length > 1) invalid('HEADER text may contain at most one parameter');
  }
  const footer = components.find((c) => c.type === 'FOOTER');
  if (footer && (typeof footer.text !== 'string' || charLength(footer.text) > 60)) {
    invalid('FOOTER text must be 1-60 characters');
  }
  if (format === 'POSITIONAL') {
    const keys = placeholders(body.text);
    const sequential = keys.every((key, i) => key === String(i + 1));
    if (!sequential) invalid('positional parameters must be {{1}}, {{2}}, ... in order');
  }
  return components;
}

/** Distinct placeholder keys in order of first appearance: ['1', '2'] or ['first_name']. */
export function placeholders(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const keys: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) if (!keys.includes(match[1])) keys.push(match[1]);
  return keys;
}

function parametersOf(component: Json | undefined): Json[] {
  const parameters = component?.parameters;
  return Array.isArray(parameters) ? parameters.filter(isRecord) : [];
}

/**
 * Compares a send's template components with the stored template's placeholders and returns the
 * mismatch (Graph error 132000 details), or undefined when every component carries the right count.
 */
export function templateParameterMismatch(
  template: StoredTemplate,
  sent: TemplateReference,
): string | undefined {
  const sentOf = (type: string) => sent.components.filter((c) => String(c.type).toLowerCase() === type);
  const stored = (type: string) => template.components.find((c) => c.type === type);

  const header = stored('HEADER');
  const headerFormat = String(header?.format ?? 'TEXT').toUpperCase();
  const expectedHeader = !header ? 0 : headerFormat === 'TEXT' ? placeholders(header.text).length : 1;
  const sentHeader = parametersOf(sentOf('header')[0]).length;
  if (expectedHeader !== sentHeader) {
    return `header expects ${expectedHeader} parameter(s), got ${sentHeader}`;
  }

  const bodyKeys = placeholders(stored('BODY')?.text);
  const bodyParams = parametersOf(sentOf('body')[0]);
  if (bodyKeys.length !== bodyParams.length) {
    return `body expects ${bodyKeys.length} parameter(s), got ${bodyParams.length}`;
  }
  if (template.parameterFormat === 'NAMED') {
    const names = bodyParams.map((p) => p.parameter_name);
    const missing = bodyKeys.filter((key) => !names.includes(key));
    if (missing.length > 0) return `body is missing named parameter(s): ${missing.join(', ')}`;
  }

  const buttons = Array.isArray(stored('BUTTONS')?.buttons) ? (stored('BUTTONS')?.buttons as unknown[]) : [];
  for (const component of sentOf('button')) {
    const index = Number(component.index);
    const button = buttons[index];
    if (!Number.isInteger(index) || !isRecord(button))
      return `button index ${String(component.index)} does not exist`;
    const count = parametersOf(component).length;
    const kind = String(button.type).toUpperCase();
    const expected = kind === 'URL' ? placeholders(button.url).length : kind === 'COPY_CODE' ? 1 : undefined;
    if (expected !== undefined && count !== expected) {
      return `button ${index} (${kind}) expects ${expected} parameter(s), got ${count}`;
    }
    if (kind === 'QUICK_REPLY' && count > 1) return `button ${index} (QUICK_REPLY) takes at most one payload`;
  }
  const sentIndexes = new Set(sentOf('button').map((c) => Number(c.index)));
  const missingDynamic = buttons.findIndex(
    (button, index) =>
      isRecord(button) &&
      String(button.type).toUpperCase() === 'URL' &&
      placeholders(button.url).length > 0 &&
      !sentIndexes.has(index),
  );
  if (missingDynamic >= 0) return `button ${missingDynamic} (URL) expects 1 parameter(s), got 0`;
  return undefined;
}

export interface TemplatePageQuery {
  limit: number;
  after?: string;
  status?: string[];
  name?: string;
  fields?: string[];
}

export interface TemplatePage {
  data: Json[];
  /** Cursor of the last item, present when another page follows. */
  nextAfter?: string;
  before?: string;
  after?: string;
}

export const templateCursor = (id: string): string => Buffer.from(id).toString('base64url');

/** One page of a WABA's templates in creation order, `after` being the opaque cursor of the previous page. */
export function pageTemplates(templates: StoredTemplate[], query: TemplatePageQuery): TemplatePage {
  const filtered = templates.filter(
    (t) =>
      (!query.status || query.status.includes(t.status)) &&
      (query.name === undefined || t.name.includes(query.name)),
  );
  let start = 0;
  if (query.after !== undefined) {
    const id = Buffer.from(query.after, 'base64url').toString('utf8');
    const index = filtered.findIndex((t) => t.id === id);
    if (index < 0) invalid('Invalid pagination cursor in "after"');
    start = index + 1;
  }
  const page = filtered.slice(start, start + query.limit);
  const data = page.map((t) => templateForApi(t, query.fields));
  if (page.length === 0) return { data };
  const after = templateCursor(page[page.length - 1].id);
  return {
    data,
    before: templateCursor(page[0].id),
    after,
    nextAfter: start + query.limit < filtered.length ? after : undefined,
  };
}

function templateForApi(t: StoredTemplate, fields?: string[]): Json {
  const full: Json = {
    name: t.name,
    parameter_format: t.parameterFormat,
    components: t.components,
    language: t.language,
    status: t.status,
    category: t.category,
    id: t.id,
  };
  if (!fields || fields.length === 0) return full;
  return Object.fromEntries(Object.entries(full).filter(([key]) => key === 'id' || fields.includes(key)));
}
