import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-io';
import { GraphRequestError } from './meta-graph-errors';
import { isRecord, type Json } from './meta-message-validator';
import { readJsonBody, type MetaPhoneDirectory } from './meta-phone-directory';
import { pageTemplates, type TemplateStore } from './meta-template-store';

/** GET /{waba-id}/message_templates with `limit`, `after`, `status`, `name`, `fields`. */
export function listTemplates(
  store: TemplateStore,
  phones: MetaPhoneDirectory,
  baseUrl: string,
  wabaId: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  phones.authorizeWaba(req, url, wabaId);
  const limitRaw = url.searchParams.get('limit');
  const limit = limitRaw === null ? 25 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new GraphRequestError(100, 'limit must be an integer between 1 and 1000');
  }
  const csv = (name: string) =>
    url.searchParams
      .get(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const page = pageTemplates(store.list(wabaId), {
    limit,
    after: url.searchParams.get('after') ?? undefined,
    status: csv('status')?.map((s) => s.toUpperCase()),
    name: url.searchParams.get('name') ?? undefined,
    fields: csv('fields'),
  });
  const body: Json = { data: page.data };
  if (page.before && page.after) {
    const paging: Json = { cursors: { before: page.before, after: page.after } };
    if (page.nextAfter) {
      // An absolute URL, as Meta returns, without the caller's token.
      const next = new URL(url.pathname + url.search, baseUrl);
      next.searchParams.set('after', page.nextAfter);
      next.searchParams.set('limit', String(limit));
      next.searchParams.delete('access_token');
      paging.next = next.toString();
    }
    body.paging = paging;
  }
  sendJson(res, 200, body);
}

/** POST /{waba-id}/message_templates: new templates start PENDING until the test approves them. */
export async function createTemplate(
  store: TemplateStore,
  phones: MetaPhoneDirectory,
  wabaId: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  phones.authorizeWaba(req, url, wabaId);
  const body = await readJsonBody(req);
  if (!isRecord(body)) throw new GraphRequestError(100, 'Request body must be a JSON object');
  const template = store.add({
    wabaId,
    name: body.name as string,
    language: body.language as string,
    category: body.category as string,
    components: body.components,
    parameterFormat: body.parameter_format as string | undefined,
  });
  sendJson(res, 200, { id: template.id, status: template.status, category: template.category });
}

/** POST /{template-id}: edits a template (components, category); it goes back to PENDING review. */
export async function editTemplate(
  store: TemplateStore,
  phones: MetaPhoneDirectory,
  templateId: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const template = store.byId(templateId);
  if (!template) throw new GraphRequestError(100, `Object with ID '${templateId}' does not exist`);
  phones.authorizeWaba(req, url, template.wabaId);
  const body = await readJsonBody(req);
  if (!isRecord(body)) throw new GraphRequestError(100, 'Request body must be a JSON object');
  store.edit(template, { category: body.category, components: body.components });
  sendJson(res, 200, { success: true });
}
