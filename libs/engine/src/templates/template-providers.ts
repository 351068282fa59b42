import type { TemplateInfo } from '@leadline/whatsapp';
import type { ProviderFactory } from '../engine-ports';
import {
  createProviderFactory,
  MissingCredentialsError,
  type ChannelCredentials,
  type ProviderFactoryOptions,
} from '../provider-factory';
import { describeProviderFailure, TemplateChannelError } from './template-errors';

/**
 * What template sync and submission need: the channel's provider (both list and create templates)
 * and the credentials opener, for Twilio Content templates configured by hand in the sealed
 * credentials (`contentSids`).
 */
export interface TemplateProviders {
  providers: ProviderFactory;
  openCredentials: (sealed: Uint8Array) => ChannelCredentials;
}

/** Builds both from the provider factory's options (the same ones the engine uses). */
export function templateProviders(options: ProviderFactoryOptions): TemplateProviders {
  return { providers: createProviderFactory(options), openCredentials: options.openCredentials };
}

export interface TemplateChannel {
  id: string;
  provider: 'meta' | 'twilio' | 'sandbox';
  phoneNumberId: string;
  wabaId: string | null;
  encryptedCredentials: Uint8Array | null;
}

/** Every template the provider knows for this channel; TemplateChannelError when it cannot tell. */
export async function listProviderTemplates(
  channel: TemplateChannel,
  deps: TemplateProviders,
): Promise<TemplateInfo[]> {
  try {
    if (channel.provider === 'twilio') return await twilioTemplates(channel, deps);
    if (channel.provider !== 'meta') {
      throw new TemplateChannelError(channel, 'sandbox channels have no provider templates');
    }
    if (!channel.wabaId) throw new TemplateChannelError(channel, noWabaId);
    const provider = deps.providers(channel);
    if (!provider.listTemplates)
      throw new TemplateChannelError(channel, 'the provider cannot list templates');
    const templates: TemplateInfo[] = [];
    for await (const template of provider.listTemplates()) templates.push(template);
    return templates;
  } catch (error) {
    if (error instanceof TemplateChannelError) throw error;
    throw new TemplateChannelError(channel, describeProviderFailure(error));
  }
}

export const noWabaId =
  'it has no WhatsApp Business Account id (add the channel with --waba-id to manage its templates)';

/**
 * A Twilio channel's templates: the account's Content templates submitted for WhatsApp approval, with
 * their approval status (Content API), plus any configured by hand in the channel's `contentSids`
 * (older set-ups), which the account's own list overrides for the same name and language.
 */
async function twilioTemplates(channel: TemplateChannel, deps: TemplateProviders): Promise<TemplateInfo[]> {
  const provider = deps.providers(channel);
  const listed: TemplateInfo[] = [];
  if (provider.listTemplates) for await (const template of provider.listTemplates()) listed.push(template);
  const byKey = new Map(configuredContentSids(channel, deps).map((t) => [`${t.name}:${t.language}`, t]));
  for (const template of listed) byKey.set(`${template.name}:${template.language}`, template);
  return [...byKey.values()];
}

/**
 * Each `name:language` key of the channel's `contentSids` names an approved Content template. Bare
 * `name` keys (any language) cannot become rows, which are per language, and are left out.
 */
function configuredContentSids(channel: TemplateChannel, deps: TemplateProviders): TemplateInfo[] {
  if (!channel.encryptedCredentials) {
    throw new MissingCredentialsError(`channel ${channel.id} has no credentials`);
  }
  const { contentSids = {} } = deps.openCredentials(channel.encryptedCredentials);
  const templates: TemplateInfo[] = [];
  for (const [key, sid] of Object.entries(contentSids)) {
    const at = key.indexOf(':');
    if (at <= 0 || at === key.length - 1 || typeof sid !== 'string') continue;
    templates.push({
      id: sid,
      name: key.slice(0, at),
      language: key.slice(at + 1),
      status: 'APPROVED',
      components: [],
    });
  }
  return templates;
}
