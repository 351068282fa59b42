import { CliError, type CommandIo } from '../cli-error';
import {
  adminSecretBox,
  loadAdminConfig,
  parseCommandArgs,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { resealSealedColumns, type SealedRowRef } from './reseal-sealed-columns';
import { SEALED_COLUMNS } from './sealed-columns';

export const CHANNEL_RESEAL_USAGE = 'channel reseal [--json]';

/**
 * `channel reseal [--json]`: `keys reseal` limited to channels' credentials, kept for scripts written
 * before `keys reseal` existed (same report as before). 0 when every channel is on the current key,
 * 1 when a channel could not be opened.
 */
export async function channelResealCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    { json: { type: 'boolean', default: false } },
    CHANNEL_RESEAL_USAGE,
  );
  if (positionals.length) throw new CliError(`usage: ${CHANNEL_RESEAL_USAGE}`);
  const config = await loadAdminConfig(options);
  const box = await adminSecretBox(config);
  const channels = SEALED_COLUMNS.filter((sealed) => sealed.table === 'channels');
  const report = await withDatabase(config, (prisma) => resealSealedColumns(prisma, box, channels));

  const ref = (r: SealedRowRef) => ({
    id: r.id,
    tenant: r.tenant,
    provider: r.fields.provider,
    phoneNumberId: r.fields.phoneNumberId,
  });
  const resealed = report.resealed.map((r) => ({ ...ref(r), fromKeyId: r.fromKeyId }));
  const failed = report.failed.map((r) => ({ ...ref(r), error: r.error }));
  const current = report.current.channels ?? 0;
  if (values.json) {
    io.out(JSON.stringify({ keyId: report.keyId, resealed, current, failed }, null, 2));
  } else {
    const name = (r: SealedRowRef) => `${r.label} of tenant "${r.tenant}"`;
    for (const r of report.resealed) io.out(`resealed ${name(r)} (key ${r.fromKeyId} → ${report.keyId})`);
    for (const r of report.failed) io.err(`leadline: cannot reseal ${name(r)}: ${r.error}`);
    io.out(
      `${resealed.length} resealed, ${current} already on key ${report.keyId}, ${failed.length} failed.`,
    );
  }
  return failed.length ? 1 : 0;
}
