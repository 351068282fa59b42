import {
  withTenant,
  type Prisma,
  type PrismaClient,
  type Template,
  type TemplateCategory,
} from '@leadline/database';
import { describeProviderFailure, InvalidTemplateError, TemplateChannelError } from './template-errors';
import { noWabaId, type TemplateProviders } from './template-providers';
import { templateStatusFromProvider } from './template-status';
import { loadChannel } from './template-sync';

export interface NewTemplate {
  channelId: string;
  name: string;
  language: string;
  category: TemplateCategory | Uppercase<TemplateCategory>;
  /** Meta's creation format: HEADER, BODY, FOOTER, BUTTONS; see bodyComponents for the common case. */
  components: unknown[];
  parameterFormat?: 'positional' | 'named';
}

/** Meta's rule for template names: lowercase letters, digits and underscores, up to 512. */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9_]{1,512}$/;
/** en, pt_BR, zh_HK, fil...: a language with an optional region, as Meta writes them. */
export const TEMPLATE_LANGUAGE_PATTERN = /^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$/;
const MAX_BODY_LENGTH = 1024;
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * The components of a body-only template with positional parameters: `{{1}}`, `{{2}}`, ... in
 * order, one example value each (Meta refuses a parameter without an example).
 */
export function bodyComponents(text: string, examples: string[] = []): unknown[] {
  const keys = [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]))];
  if (keys.some((k, i) => k !== String(i + 1))) {
    throw new InvalidTemplateError(
      `body parameters must be {{1}}, {{2}}, ... in order of first use, found ${keys.map((k) => `{{${k}}}`).join(', ')}`,
    );
  }
  if (examples.length !== keys.length) {
    throw new InvalidTemplateError(
      `the body has ${keys.length} parameter(s) and ${examples.length} example(s): give one example per parameter`,
    );
  }
  return [{ type: 'BODY', text, ...(keys.length ? { example: { body_text: [examples] } } : {}) }];
}

/** Meta's rules we can check without asking it; InvalidTemplateError lists every problem at once. */
export function checkTemplateDefinition(input: Omit<NewTemplate, 'channelId'>): {
  category: TemplateCategory;
} {
  const problems: string[] = [];
  if (!TEMPLATE_NAME_PATTERN.test(input.name)) {
    problems.push(
      `name ${JSON.stringify(input.name)} may only contain lowercase letters, digits and underscores (up to 512)`,
    );
  }
  if (!TEMPLATE_LANGUAGE_PATTERN.test(input.language)) {
    problems.push(`language ${JSON.stringify(input.language)} must be a code such as en, en_US or pt_BR`);
  }
  const category = String(input.category).toLowerCase();
  if (!['marketing', 'utility', 'authentication'].includes(category)) {
    problems.push(
      `category must be marketing, utility or authentication, not ${JSON.stringify(input.category)}`,
    );
  }
  const body = Array.isArray(input.components)
    ? (input.components as Array<{ type?: unknown; text?: unknown }>).find(
        (c) => typeof c === 'object' && c !== null && String(c.type).toUpperCase() === 'BODY',
      )
    : undefined;
  if (!body || typeof body.text !== 'string' || !body.text.trim())
    problems.push('a BODY with text is required');
  else if ([...body.text].length > MAX_BODY_LENGTH) {
    problems.push(`the body is longer than ${MAX_BODY_LENGTH} characters`);
  }
  if (problems.length) throw new InvalidTemplateError(problems.join('; '));
  return { category: category as TemplateCategory };
}

/**
 * Submits a template for review (Meta: message_templates of the WABA; Twilio: a Content template
 * with a WhatsApp approval request) and stores it with the status the provider gave
 * (normally `pending`) and its provider id; the review result arrives later as a status webhook
 * (or with the next sync). InvalidTemplateError before any call for a bad definition;
 * TemplateChannelError naming the channel when it cannot take templates or the provider refuses.
 */
export async function createTemplate(
  prisma: PrismaClient,
  deps: TemplateProviders,
  input: NewTemplate,
): Promise<Template> {
  const { category } = checkTemplateDefinition(input);
  const channel = await loadChannel(prisma, input.channelId);
  const fail = (reason: string) =>
    new TemplateChannelError(channel, reason, `creating template ${input.name} on`);
  if (channel.provider === 'sandbox') throw fail('sandbox channels have no provider to submit templates to');
  if (channel.provider === 'meta' && !channel.wabaId) throw fail(noWabaId);
  // A rejected or paused template is edited in place and reviewed again where the provider allows it
  // (Meta); elsewhere it is submitted anew. Any other existing one is a duplicate the provider refuses.
  const existing = await withTenant(prisma, channel.tenantId, (tx) =>
    tx.template.findUnique({
      where: {
        channelId_name_language: { channelId: channel.id, name: input.name, language: input.language },
      },
      select: { providerTemplateId: true, status: true },
    }),
  );
  let submitted: { id: string; status: string };
  try {
    const provider = deps.providers(channel);
    if (!provider.createTemplate) throw new Error('the provider cannot create templates');
    const definition = {
      name: input.name,
      language: input.language,
      category: category.toUpperCase() as Uppercase<TemplateCategory>,
      ...(input.parameterFormat ? { parameterFormat: input.parameterFormat } : {}),
      components: input.components,
    };
    submitted =
      existing?.providerTemplateId &&
      provider.updateTemplate &&
      (existing.status === 'rejected' || existing.status === 'paused')
        ? await provider.updateTemplate(existing.providerTemplateId, definition)
        : await provider.createTemplate(definition);
  } catch (error) {
    throw fail(describeProviderFailure(error));
  }
  const row = {
    category,
    status: templateStatusFromProvider(submitted.status),
    components: input.components as Prisma.InputJsonValue,
    providerTemplateId: submitted.id,
    rejectionReason: null,
  };
  return withTenant(prisma, channel.tenantId, (tx) =>
    tx.template.upsert({
      where: {
        channelId_name_language: { channelId: channel.id, name: input.name, language: input.language },
      },
      create: {
        tenantId: channel.tenantId,
        channelId: channel.id,
        name: input.name,
        language: input.language,
        ...row,
      },
      update: row,
    }),
  );
}
