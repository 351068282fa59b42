import type { OutboundMessage } from '@leadline/flow-core';
import { z } from 'zod';
import { classifyProviderError } from '../errors/classify-provider-error';
import { ProviderError } from '../errors/provider-error';
import {
  fetchMediaBytes,
  MediaTooLargeError,
  type DownloadedMedia,
  type InboundMediaRef,
} from '../shared/download-media';
import { withoutUndefined } from '../shared/without-undefined';
import type {
  MediaFile,
  SendOptions,
  TemplateDefinition,
  TemplateInfo,
  WhatsAppProvider,
} from '../whatsapp-provider';
import { postJsonOverNodeHttp } from './node-json-post';
import { GraphClient, type GraphRequest } from './graph-client';
import { toMetaMessage } from './meta-outbound.mapper';
import {
  createTemplateResponseSchema,
  sendResponseSchema,
  successResponseSchema,
  templatePageSchema,
  uploadResponseSchema,
} from './meta-responses.schema';

export interface MetaCloudProviderOptions {
  /** Default https://graph.facebook.com. */
  graphUrl?: string;
  /** Default v25.0; an empty string leaves the version out (newest available to the app). */
  graphVersion?: string;
  phoneNumberId: string;
  wabaId: string;
  /** System-user or business token; sent only as the Bearer header to graphUrl's origin. */
  accessToken: string;
  /**
   * Injected for tests; defaults to Node's global fetch, except for the JSON POSTs (messages, read
   * receipts), which go out on node:http when no fetch is given (node-json-post.ts).
   */
  fetch?: typeof fetch;
  /** Per request, default 10 s. */
  timeoutMs?: number;
}

const mediaObjectSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  mime_type: z.string().optional(),
  file_size: z.coerce.number().optional(),
});

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v25.0';
const TEMPLATE_FIELDS = 'id,name,language,status,category,parameter_format,components';

/** Sends through Meta's WhatsApp Cloud API. */
export class MetaCloudProvider implements WhatsAppProvider {
  readonly provider = 'meta' as const;
  private readonly graph: GraphClient;

  constructor(private readonly options: MetaCloudProviderOptions) {
    this.graph = new GraphClient({
      graphUrl: options.graphUrl ?? DEFAULT_GRAPH_URL,
      graphVersion: options.graphVersion ?? DEFAULT_GRAPH_VERSION,
      accessToken: options.accessToken,
      fetch: options.fetch ?? globalThis.fetch,
      postJson: options.fetch ? undefined : postJsonOverNodeHttp,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
  }

  async send(
    to: string,
    message: OutboundMessage,
    options: SendOptions,
  ): Promise<{ providerMessageId: string }> {
    const body = toMetaMessage(to, message, { callbackData: options.idempotencyKey });
    const response = await this.call(
      {
        method: 'POST',
        target: `/${this.options.phoneNumberId}/messages`,
        body: { json: body },
        attempt: options.attempt,
      },
      sendResponseSchema,
    );
    return { providerMessageId: response.messages[0].id };
  }

  async uploadMedia(file: MediaFile): Promise<{ mediaId: string }> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', file.mimeType);
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.filename);
    const response = await this.call(
      { method: 'POST', target: `/${this.options.phoneNumberId}/media`, body: { form } },
      uploadResponseSchema,
    );
    return { mediaId: response.id };
  }

  /** GET /{media-id} for a short-lived URL and the file's size, then the file itself with the token. */
  async downloadMedia(ref: InboundMediaRef, maxBytes: number): Promise<DownloadedMedia> {
    if (!ref.id || !/^[\w.-]{1,200}$/.test(ref.id)) {
      throw new ProviderError({
        provider: 'meta',
        classification: classifyProviderError({ provider: 'meta', code: 'invalid_message' }),
        code: 'invalid_message',
        message: 'The message names no media id to download.',
      });
    }
    const meta = await this.call({ method: 'GET', target: `/${ref.id}` }, mediaObjectSchema);
    if (meta.file_size !== undefined && meta.file_size > maxBytes) {
      throw new MediaTooLargeError(meta.file_size, maxBytes);
    }
    const file = await fetchMediaBytes({
      provider: 'meta',
      fetch: this.options.fetch ?? globalThis.fetch,
      url: meta.url,
      headers: { Authorization: `Bearer ${this.options.accessToken}` },
      maxBytes,
      timeoutMs: this.options.timeoutMs ?? 30_000,
    });
    return { ...file, mimeType: meta.mime_type ?? file.mimeType };
  }

  async markRead(providerMessageId: string): Promise<void> {
    await this.call(
      {
        method: 'POST',
        target: `/${this.options.phoneNumberId}/messages`,
        body: { json: { messaging_product: 'whatsapp', status: 'read', message_id: providerMessageId } },
      },
      successResponseSchema,
    );
  }

  /** Every template of the WABA, page by page (paging.next, or the `after` cursor). */
  async *listTemplates(): AsyncIterable<TemplateInfo> {
    const first = `/${this.options.wabaId}/message_templates?${new URLSearchParams({ fields: TEMPLATE_FIELDS, limit: '100' })}`;
    let target: string | undefined = first;
    while (target) {
      const page: z.output<typeof templatePageSchema> = await this.call(
        { method: 'GET', target },
        templatePageSchema,
      );
      for (const item of page.data) {
        yield withoutUndefined({
          id: item.id,
          name: item.name,
          language: item.language,
          status: item.status,
          category: item.category,
          parameterFormat: item.parameter_format,
          components: item.components ?? [],
        });
      }
      target = page.data.length ? this.nextPage(page.paging, first) : undefined;
    }
  }

  async createTemplate(template: TemplateDefinition): Promise<{ id: string; status: string }> {
    const body = withoutUndefined({
      name: template.name,
      language: template.language,
      category: template.category,
      parameter_format: template.parameterFormat,
      components: template.components,
    });
    const response = await this.call(
      { method: 'POST', target: `/${this.options.wabaId}/message_templates`, body: { json: body } },
      createTemplateResponseSchema,
    );
    return { id: response.id, status: response.status };
  }

  /** POST /{template-id}: new components and category; Meta reviews it again (PENDING). */
  async updateTemplate(id: string, template: TemplateDefinition): Promise<{ id: string; status: string }> {
    await this.call(
      {
        method: 'POST',
        target: `/${encodeURIComponent(id)}`,
        body: { json: { category: template.category, components: template.components } },
      },
      successResponseSchema,
    );
    return { id, status: 'PENDING' };
  }

  /**
   * Follows paging.next only on the Graph origin we were configured with: the URL comes from the
   * response, and following it elsewhere would hand our Bearer token to another host.
   */
  private nextPage(paging: z.output<typeof templatePageSchema>['paging'], first: string): string | undefined {
    if (paging?.next) {
      try {
        if (new URL(paging.next).origin === this.graph.origin) return paging.next;
      } catch {
        // not a URL: fall back to the cursor
      }
    }
    const after = paging?.cursors?.after;
    return paging?.next && after ? `${first}&${new URLSearchParams({ after })}` : undefined;
  }

  private async call<S extends z.ZodType>(request: GraphRequest, schema: S): Promise<z.output<S>> {
    const json = await this.graph.request(request);
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    throw new ProviderError({
      provider: 'meta',
      classification: classifyProviderError({ provider: 'meta', code: 'malformed_response' }),
      code: 'malformed_response',
      httpStatus: 200,
      message: 'Graph API response has an unexpected shape',
    });
  }
}
