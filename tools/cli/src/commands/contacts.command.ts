import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CliError, type CommandIo } from '../cli-error';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';

export const CONTACTS_IMPORT_USAGE =
  'contacts import <file.csv> --tenant <slug> [--tag <t>]... [--country PT] [--opt-in <source>] [--json]';

/** `contacts import`: a CSV streamed into the tenant's contacts (libs/campaigns importContacts). */
export async function contactsCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  if (action !== 'import') throw new CliError(`usage: ${CONTACTS_IMPORT_USAGE}`);
  const { positionals, values } = parseCommandArgs(
    rest,
    {
      tenant: { type: 'string' },
      tag: { type: 'string', multiple: true },
      country: { type: 'string' },
      'opt-in': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    CONTACTS_IMPORT_USAGE,
  );
  const slug = values.tenant?.trim();
  const [file] = positionals;
  if (positionals.length !== 1 || !slug || !file) throw new CliError(`usage: ${CONTACTS_IMPORT_USAGE}`);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new CliError(`cannot read "${file}": no such file`);
  const { importContacts, importOptionsSchema, ImportFileError } = await import('@leadline/campaigns');
  const parsed = importOptionsSchema.safeParse({
    defaultCountry: values.country,
    tags: values.tag ?? [],
    optIn: values['opt-in'],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = { defaultCountry: '--country', tags: '--tag', optIn: '--opt-in' }[String(issue?.path[0])];
    throw new CliError(`${option ?? 'option'}: ${issue?.message ?? 'invalid'}`);
  }
  const config = await loadAdminConfig(options);
  const report = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    try {
      return await importContacts(prisma, tenant.id, createReadStream(file), parsed.data);
    } catch (error) {
      if (error instanceof ImportFileError) throw new CliError(error.message, 1);
      throw error;
    }
  });
  if (values.json) {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  io.out(
    `${report.imported} new contacts, ${report.updated} updated, ${report.rejected.length} lines rejected.`,
  );
  for (const { line, reason } of report.rejected.slice(0, 50)) io.out(`  line ${line}: ${reason}`);
  if (report.rejected.length > 50) io.out(`  … and ${report.rejected.length - 50} more (use --json for all)`);
  return 0;
}
