import type twilio from 'twilio';
import { z } from 'zod';
import { invalidMessage } from '../outbound/invalid-message';
import type { TemplateDefinition, TemplateInfo } from '../whatsapp-provider';
import { toTwilioProviderError } from './twilio-error';

/**
 * Twilio's WhatsApp templates are Content API resources (`HX...`) with a WhatsApp approval request.
 * We speak Meta's component format everywhere (HEADER, BODY, FOOTER, BUTTONS); this maps it to
 * Content types and back, so the template builder, sync and sending treat both providers alike.
 */

const component = z.looseObject({
  type: z.string(),
  format: z.string().optional(),
  text: z.string().optional(),
  example: z
    .looseObject({
      body_text: z.array(z.array(z.string())).optional(),
      header_handle: z.array(z.string()).optional(),
    })
    .optional(),
  buttons: z
    .array(
      z.looseObject({
        type: z.string(),
        text: z.string().optional(),
        url: z.string().optional(),
        phone_number: z.string().optional(),
        example: z.union([z.string(), z.array(z.string())]).optional(),
      }),
    )
    .optional(),
});
type Component = z.output<typeof component>;

const approvalSchema = z.looseObject({
  name: z.string().optional(),
  category: z.string().optional(),
  status: z.string().optional(),
  rejection_reason: z.string().optional(),
});

/** The Content API's `types` and sample `variables` for a definition in Meta's component format. */
export function toContentTypes(definition: TemplateDefinition): {
  types: Record<string, unknown>;
  variables: Record<string, string>;
} {
  const parsed = z.array(component).safeParse(definition.components);
  if (!parsed.success) throw invalidMessage('twilio', 'The template components are not readable');
  const find = (type: string) => parsed.data.find((c: Component) => c.type.toUpperCase() === type);
  const body = find('BODY');
  if (!body?.text) throw invalidMessage('twilio', 'A Twilio content template needs a body');
  const header = find('HEADER');
  if (header && (header.format ?? 'TEXT').toUpperCase() === 'TEXT') {
    throw invalidMessage(
      'twilio',
      'Twilio content templates take a media header (image, video, document), not a text header',
    );
  }
  if (find('FOOTER')) throw invalidMessage('twilio', 'Twilio content templates have no footer');
  const samples = body.example?.body_text?.[0] ?? [];
  const variables = Object.fromEntries(samples.map((value, i) => [String(i + 1), value]));
  const media = header?.example?.header_handle?.[0];
  const buttons = find('BUTTONS')?.buttons ?? [];
  const quickReplies = buttons.filter((b) => b.type.toUpperCase() === 'QUICK_REPLY');
  const actions = buttons
    .filter((b) => b.type.toUpperCase() !== 'QUICK_REPLY')
    .map((b) => {
      const kind = b.type.toUpperCase();
      if (kind === 'URL') return { type: 'URL', title: b.text ?? '', url: b.url ?? '' };
      if (kind === 'PHONE_NUMBER')
        return { type: 'PHONE_NUMBER', title: b.text ?? '', phone: b.phone_number ?? '' };
      if (kind === 'COPY_CODE') {
        const code = Array.isArray(b.example) ? b.example[0] : b.example;
        return { type: 'COPY_CODE', title: b.text ?? 'Copy code', code: code ?? '' };
      }
      throw invalidMessage('twilio', `Twilio content templates have no ${kind} button`);
    });
  if (header && !media) throw invalidMessage('twilio', 'A media header needs a sample file URL');
  if (media || (quickReplies.length && actions.length)) {
    return {
      types: {
        'twilio/card': {
          title: body.text,
          ...(media ? { media: [media] } : {}),
          ...(buttons.length
            ? {
                actions: [
                  ...quickReplies.map((b) => ({
                    type: 'QUICK_REPLY',
                    title: b.text ?? '',
                    id: b.text ?? '',
                  })),
                  ...actions,
                ],
              }
            : {}),
        },
      },
      variables,
    };
  }
  if (quickReplies.length) {
    const replies = quickReplies.map((b) => ({ title: b.text ?? '', id: b.text ?? '' }));
    return { types: { 'twilio/quick-reply': { body: body.text, actions: replies } }, variables };
  }
  if (actions.length) return { types: { 'twilio/call-to-action': { body: body.text, actions } }, variables };
  return { types: { 'twilio/text': { body: body.text } }, variables };
}

/** Meta-style components read back from Content `types`, for previews and the template list. */
export function fromContentTypes(
  types: Record<string, unknown>,
  samples: Record<string, unknown>,
): unknown[] {
  const [kind, raw] = Object.entries(types)[0] ?? [];
  const value = (raw ?? {}) as {
    body?: string;
    title?: string;
    media?: string[];
    actions?: Array<{ type?: string; title?: string; url?: string; phone?: string; code?: string }>;
  };
  const text = value.body ?? value.title ?? '';
  const examples = Object.keys(samples)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => String(samples[key]));
  const components: unknown[] = [];
  if (value.media?.length) {
    components.push({ type: 'HEADER', format: 'IMAGE', example: { header_handle: [value.media[0]] } });
  }
  components.push({ type: 'BODY', text, ...(examples.length ? { example: { body_text: [examples] } } : {}) });
  if (value.actions?.length) {
    components.push({
      type: 'BUTTONS',
      buttons: value.actions.map((a) => {
        const type = kind === 'twilio/quick-reply' ? 'QUICK_REPLY' : (a.type ?? 'QUICK_REPLY').toUpperCase();
        if (type === 'URL') return { type, text: a.title, url: a.url };
        if (type === 'PHONE_NUMBER') return { type, text: a.title, phone_number: a.phone };
        if (type === 'COPY_CODE') return { type, text: a.title, example: a.code };
        return { type: 'QUICK_REPLY', text: a.title };
      }),
    });
  }
  return components;
}

/** Twilio's approval status in Meta's words (APPROVED, PENDING, REJECTED, PAUSED, DISABLED). */
function approvalStatus(status: string | undefined): string {
  switch ((status ?? '').toLowerCase()) {
    case 'approved':
      return 'APPROVED';
    case 'rejected':
      return 'REJECTED';
    case 'paused':
      return 'PAUSED';
    case 'disabled':
      return 'DISABLED';
    default:
      return 'PENDING';
  }
}

/**
 * Every Content template of the account that was submitted for WhatsApp approval, with its status;
 * content never submitted cannot open a conversation and is not a template for us.
 */
export async function listContentTemplates(client: twilio.Twilio): Promise<TemplateInfo[]> {
  let items: Awaited<ReturnType<typeof client.content.v1.contentAndApprovals.list>>;
  try {
    items = await client.content.v1.contentAndApprovals.list({ pageSize: 500 });
  } catch (error) {
    throw toTwilioProviderError(error);
  }
  const templates: TemplateInfo[] = [];
  for (const item of items) {
    const raw = item.approvalRequests as Record<string, unknown> | undefined;
    const approval = approvalSchema.safeParse(raw && 'whatsapp' in raw ? raw.whatsapp : raw);
    if (!approval.success || !approval.data.status || approval.data.status === 'unsubmitted') continue;
    const { name, category, status, rejection_reason: reason } = approval.data;
    templates.push({
      id: item.sid,
      name: name || item.friendlyName,
      language: item.language,
      status: approvalStatus(status),
      ...(category ? { category } : {}),
      ...(reason ? { rejectionReason: reason } : {}),
      components: fromContentTypes(item.types ?? {}, item.variables ?? {}),
    });
  }
  return templates;
}

/** Creates the Content resource and submits it for WhatsApp approval; the status is then pending. */
export async function createContentTemplate(
  client: twilio.Twilio,
  definition: TemplateDefinition,
): Promise<{ id: string; status: string }> {
  const { types, variables } = toContentTypes(definition);
  let sid: string;
  try {
    // The Content API's wire names are snake_case; the SDK sends `params` as the JSON body unchanged.
    const request = { friendly_name: definition.name, language: definition.language, variables, types };
    sid = (await client.content.v1.contents.create(request as never)).sid;
  } catch (error) {
    throw toTwilioProviderError(error);
  }
  try {
    const approval = await client.content.v1
      .contents(sid)
      .approvalCreate.create({ name: definition.name, category: definition.category });
    return { id: sid, status: approvalStatus(approval.status) };
  } catch (error) {
    // Content nobody submitted is useless to us: leave nothing half-made in the account.
    await client.content.v1
      .contents(sid)
      .remove()
      .catch(() => undefined);
    throw toTwilioProviderError(error);
  }
}
