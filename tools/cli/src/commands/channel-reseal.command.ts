import { CliError, type CommandIo } from '../cli-error';
import {
  adminSecretBox,
  loadAdminConfig,
  parseCommandArgs,
  withDatabase,
  type AdminOptions,
} from './admin-context';

export const CHANNEL_RESEAL_USAGE = 'channel reseal [--json]';

interface ChannelRef {
  id: string;
  tenant: string;
  provider: string;
  phoneNumberId: string;
}

/**
 * `channel reseal [--json]`: after a key rotation, re-encrypts every channel's credentials that were
 * sealed with a previous key (ENCRYPTION_KEYS_PREVIOUS) with the current ENCRYPTION_KEY. Safe to run
 * again. 0 when every channel is on the current key, 1 when a channel could not be opened.
 */
export async function channelResealCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    { json: { type: 'boolean', default: false } },
    CHANNEL_RESEAL_USAGE,
  );
  if (positionals.length) throw new CliError(`usage: ${CHANNEL_RESEAL_USAGE}`);
  const config = await loadAdminConfig(options);
  const secretBox = await adminSecretBox(config);
  const { SecretBoxError } = await import('@leadline/secrets');

  const resealed: Array<ChannelRef & { fromKeyId: string }> = [];
  const failed: Array<ChannelRef & { error: string }> = [];
  let current = 0;
  await withDatabase(config, async (prisma) => {
    const { withTenant } = await import('@leadline/database');
    // A cross-tenant job: the system client lists ids only, each channel is then handled as its tenant.
    const channels = await prisma.channel.findMany({
      where: { encryptedCredentials: { not: null } },
      select: {
        id: true,
        tenantId: true,
        provider: true,
        phoneNumberId: true,
        tenant: { select: { slug: true } },
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    for (const channel of channels) {
      const ref: ChannelRef = {
        id: channel.id,
        tenant: channel.tenant.slug,
        provider: channel.provider,
        phoneNumberId: channel.phoneNumberId,
      };
      try {
        const fromKeyId = await withTenant(prisma, channel.tenantId, async (tx) => {
          const row = await tx.channel.findUnique({ where: { id: channel.id } });
          const sealed = row?.encryptedCredentials;
          if (!sealed || !secretBox.needsRotation(sealed)) return undefined;
          const keyId = secretBox.keyIdOf(sealed);
          const fresh = new Uint8Array(secretBox.seal(secretBox.open(sealed)));
          // Only if nobody replaced the credentials since we read them.
          const { count } = await tx.channel.updateMany({
            where: { id: channel.id, encryptedCredentials: { equals: sealed } },
            data: { encryptedCredentials: fresh },
          });
          if (count !== 1) throw new CliError('the credentials changed while resealing; run reseal again', 1);
          await tx.auditLog.create({
            data: {
              tenantId: channel.tenantId,
              action: 'channel.credentials_resealed',
              targetType: 'channel',
              targetId: channel.id,
              data: { via: 'cli', fromKeyId: keyId, toKeyId: secretBox.primaryKeyId },
            },
          });
          return keyId;
        });
        if (fromKeyId) resealed.push({ ...ref, fromKeyId });
        else current += 1;
      } catch (error) {
        if (!(error instanceof SecretBoxError) && !(error instanceof CliError)) throw error;
        failed.push({ ...ref, error: error.message });
      }
    }
  });

  if (values.json) {
    io.out(JSON.stringify({ keyId: secretBox.primaryKeyId, resealed, current, failed }, null, 2));
  } else {
    const name = (c: ChannelRef) => `${c.provider} channel ${c.phoneNumberId} of tenant "${c.tenant}"`;
    for (const c of resealed) io.out(`resealed ${name(c)} (key ${c.fromKeyId} → ${secretBox.primaryKeyId})`);
    for (const c of failed) io.err(`leadline: cannot reseal ${name(c)}: ${c.error}`);
    io.out(
      `${resealed.length} resealed, ${current} already on key ${secretBox.primaryKeyId}, ${failed.length} failed.`,
    );
  }
  return failed.length ? 1 : 0;
}
