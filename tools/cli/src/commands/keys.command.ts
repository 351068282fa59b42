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

export const KEYS_RESEAL_USAGE = 'keys reseal [--json]';

/**
 * `keys reseal [--json]`: after a key rotation, re-encrypts every sealed secret (channel credentials,
 * workspace secrets, webhook signing secrets: see sealed-columns.ts) still sealed with a previous key
 * (ENCRYPTION_KEYS_PREVIOUS) with the current ENCRYPTION_KEY. Safe to run again. 0 when every secret
 * is on the current key, 1 when one could not be opened (each is listed).
 */
export async function keysCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  if (action !== 'reseal') throw new CliError(`usage: ${KEYS_RESEAL_USAGE}`);
  const { positionals, values } = parseCommandArgs(
    rest,
    { json: { type: 'boolean', default: false } },
    KEYS_RESEAL_USAGE,
  );
  if (positionals.length) throw new CliError(`usage: ${KEYS_RESEAL_USAGE}`);
  const config = await loadAdminConfig(options);
  const box = await adminSecretBox(config);
  const report = await withDatabase(config, (prisma) => resealSealedColumns(prisma, box, SEALED_COLUMNS));

  if (values.json) {
    const row = ({ fields: _fields, ...ref }: SealedRowRef) => ref;
    io.out(
      JSON.stringify(
        {
          keyId: report.keyId,
          resealed: report.resealed.map((r) => ({ ...row(r), fromKeyId: r.fromKeyId })),
          current: report.current,
          failed: report.failed.map((r) => ({ ...row(r), error: r.error })),
        },
        null,
        2,
      ),
    );
  } else {
    const name = (r: SealedRowRef) => `${r.label} ${r.id} of tenant "${r.tenant}" (${r.table}.${r.column})`;
    for (const r of report.resealed) io.out(`resealed ${name(r)} (key ${r.fromKeyId} → ${report.keyId})`);
    for (const r of report.failed) io.err(`leadline: cannot reseal ${name(r)}: ${r.error}`);
    const current = Object.values(report.current).reduce((sum, n) => sum + n, 0);
    io.out(
      `${report.resealed.length} resealed, ${current} already on key ${report.keyId}, ${report.failed.length} failed.`,
    );
  }
  return report.failed.length ? 1 : 0;
}
