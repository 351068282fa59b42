import { CliError, type CommandIo } from '../cli-error';
import {
  adminSecretBox,
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  uniqueViolation,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { channelSpecFromOptions } from './channel-options';
import { cliTemplateProviders, syncCountsText } from './templates-providers';

export const CHANNEL_ADD_USAGE =
  'channel add --tenant <slug> --provider meta|twilio|sandbox [--phone-number-id <id>] [--waba-id <id>] ' +
  '[--access-token <t>] [--app-secret <s>] [--account-sid <sid>] [--auth-token <t>] [--from <whatsapp:+...>] ' +
  '[--display-phone <+...>] [--json]';

const CREDENTIAL_LABELS: Record<string, string> = {
  accessToken: 'access token',
  appSecret: 'app secret',
  accountSid: 'account SID',
  authToken: 'auth token',
  from: 'sender',
};

/**
 * `channel add ...`: stores a WhatsApp number of a tenant with its credentials sealed by the secret
 * box, once the provider has confirmed that the credentials control the number (Meta: the token reads
 * the phone number id, within the WABA; Twilio: the sender is the account's); the display number comes
 * from the provider unless --display-phone is given. Credentials are never printed or logged. 0 added,
 * 1 unknown tenant / not proven / number taken / database unusable, 2 bad arguments or configuration.
 */
export async function channelAddCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    {
      tenant: { type: 'string' },
      provider: { type: 'string' },
      'phone-number-id': { type: 'string' },
      'waba-id': { type: 'string' },
      'access-token': { type: 'string' },
      'app-secret': { type: 'string' },
      'account-sid': { type: 'string' },
      'auth-token': { type: 'string' },
      from: { type: 'string' },
      'display-phone': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    CHANNEL_ADD_USAGE,
  );
  if (positionals.length) {
    throw new CliError(`channel add takes no positional arguments\n\nusage: ${CHANNEL_ADD_USAGE}`);
  }
  const spec = channelSpecFromOptions(values);
  const config = await loadAdminConfig(options);
  const secretBox = await adminSecretBox(config);
  const { DEVELOPMENT_ENCRYPTION_KEY } = await import('@leadline/config');
  if (spec.credentials && config.security.encryptionKey === DEVELOPMENT_ENCRYPTION_KEY) {
    spec.warnings.push(
      'ENCRYPTION_KEY is not set: the credentials are sealed with the public DEVELOPMENT key, which protects nothing',
    );
  }
  const sealed = spec.credentials ? secretBox.seal(spec.credentials) : null;
  const credentialFields = Object.keys(spec.credentials ?? {});
  const proven = await proveOwnership(spec, config);
  const displayPhone = spec.displayPhone ?? proven?.displayPhone;
  if (!displayPhone) throw new CliError('channel add: --display-phone is required');

  const { channel, templates } = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, spec.tenant);
    const { withTenant } = await import('@leadline/database');
    let stored;
    try {
      stored = await withTenant(prisma, tenant.id, async (tx) => {
        const created = await tx.channel.create({
          data: {
            tenantId: tenant.id,
            provider: spec.provider,
            phoneNumberId: spec.phoneNumberId,
            wabaId: spec.wabaId ?? null,
            displayPhone,
            encryptedCredentials: sealed ? new Uint8Array(sealed) : null,
            // The provider confirmed the credentials control the number: it is live.
            status: 'active',
            verifiedName: proven?.verifiedName ?? null,
            qualityRating: proven?.qualityRating ?? null,
            messagingTier: proven?.messagingTier ?? null,
            healthUpdatedAt: proven?.qualityRating ? new Date() : null,
          },
        });
        await tx.auditLog.create({
          data: {
            tenantId: tenant.id,
            action: 'channel.added',
            targetType: 'channel',
            targetId: created.id,
            data: {
              via: 'cli',
              provider: created.provider,
              phoneNumberId: created.phoneNumberId,
              wabaId: created.wabaId,
              displayPhone: created.displayPhone,
              status: created.status,
              // Which credentials were stored, and under which key: names only, never values.
              credentialFields,
              ...(sealed ? { keyId: secretBox.primaryKeyId } : {}),
            },
          },
        });
        return created;
      });
    } catch (error) {
      if (uniqueViolation(error) === 'channels_provider_phone_number_id_key') {
        // Said only after the provider's proof (or for a sandbox id): the caller controls this number.
        throw new CliError(
          `a ${spec.provider} channel with phone number id "${spec.phoneNumberId}" already exists ` +
            '(webhooks are routed by provider and phone number id, so it is unique across all tenants)',
          1,
        );
      }
      throw error;
    }
    // A Meta number with its WABA, and a Twilio account (its Content templates submitted for WhatsApp
    // approval), can list templates right away; flows need them approved and stored.
    if (stored.provider === 'sandbox' || (stored.provider === 'meta' && !stored.wabaId)) {
      return { channel: stored, templates: undefined };
    }
    try {
      const { syncChannelTemplates } = await import('@leadline/engine');
      const deps = await cliTemplateProviders(config, secretBox);
      return { channel: stored, templates: await syncChannelTemplates(prisma, deps, stored.id) };
    } catch (error) {
      // The channel stays: the sync can be repeated with `templates sync` once the cause is fixed.
      spec.warnings.push(
        `${(error as Error).message}; the channel is added all the same, ` +
          `sync its templates later with: npm run -s leadline -- templates sync --tenant ${spec.tenant}`,
      );
      return { channel: stored, templates: undefined };
    }
  });

  for (const warning of spec.warnings) io.err(`leadline: warning: ${warning}`);
  if (values.json) {
    const { id, provider, phoneNumberId, status } = channel;
    io.out(
      JSON.stringify(
        { channel: { id, provider, phoneNumberId, status }, ...(templates ? { templates } : {}) },
        null,
        2,
      ),
    );
  } else {
    const lines = [
      `Added ${channel.provider} channel ${channel.phoneNumberId} (${channel.displayPhone}) to tenant ` +
        `"${spec.tenant}": id ${channel.id}, status ${channel.status}.`,
    ];
    if (sealed) {
      const labels = credentialFields.map((field) => CREDENTIAL_LABELS[field] ?? field).join(', ');
      lines.push(`Stored encrypted (key ${secretBox.primaryKeyId}): ${labels}. They are not shown again.`);
    }
    if (templates) {
      const from = channel.provider === 'meta' ? 'Meta' : 'the Twilio account';
      lines.push(`Templates synced from ${from}: ${syncCountsText(templates)}.`);
    }
    io.out(lines.join('\n'));
  }
  return 0;
}

/** Asks the provider to confirm the credentials control the number; sandbox numbers have no provider. */
async function proveOwnership(
  spec: ReturnType<typeof channelSpecFromOptions>,
  config: Awaited<ReturnType<typeof loadAdminConfig>>,
) {
  if (spec.provider === 'sandbox' || !spec.credentials) return undefined;
  const { proveChannelOwnership, ChannelOwnershipError } = await import('@leadline/whatsapp');
  const c = spec.credentials;
  try {
    return await proveChannelOwnership(
      spec.provider === 'meta'
        ? {
            provider: 'meta',
            phoneNumberId: spec.phoneNumberId,
            wabaId: spec.wabaId,
            accessToken: c.accessToken,
          }
        : {
            provider: 'twilio',
            phoneNumberId: spec.phoneNumberId,
            accountSid: c.accountSid,
            authToken: c.authToken,
            from: c.from,
          },
      {
        meta: { graphUrl: config.whatsapp.meta.graphUrl, graphVersion: config.whatsapp.meta.graphVersion },
        twilio: { apiUrl: config.whatsapp.twilio.apiUrl },
      },
    );
  } catch (error) {
    if (error instanceof ChannelOwnershipError) {
      throw new CliError(`channel add: ${error.message}; nothing was stored`, 1);
    }
    throw error;
  }
}
