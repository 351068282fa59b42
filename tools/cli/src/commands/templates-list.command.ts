import { CliError, type CommandIo } from '../cli-error';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';

export const TEMPLATES_LIST_USAGE = 'templates list --tenant <slug> [--json]';

/**
 * `templates list --tenant <slug> [--json]`: the stored templates of every channel of the tenant
 * with their status (only `approved` ones are sent). 0 listed, 1 unknown tenant / database unusable,
 * 2 bad arguments or configuration.
 */
export async function templatesListCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    { tenant: { type: 'string' }, json: { type: 'boolean', default: false } },
    TEMPLATES_LIST_USAGE,
  );
  const slug = values.tenant?.trim();
  if (positionals.length || !slug) throw new CliError(`usage: ${TEMPLATES_LIST_USAGE}`);
  const config = await loadAdminConfig(options);
  const rows = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    const { withTenant } = await import('@leadline/database');
    return withTenant(prisma, tenant.id, (tx) =>
      tx.template.findMany({
        include: { channel: { select: { provider: true, phoneNumberId: true } } },
        orderBy: [
          { channel: { createdAt: 'asc' } },
          { channelId: 'asc' },
          { name: 'asc' },
          { language: 'asc' },
        ],
      }),
    );
  });
  const templates = rows.map((row) => ({
    id: row.id,
    channelId: row.channelId,
    provider: row.channel.provider,
    phoneNumberId: row.channel.phoneNumberId,
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    providerTemplateId: row.providerTemplateId,
  }));
  if (values.json) {
    io.out(JSON.stringify({ templates }, null, 2));
    return 0;
  }
  if (!templates.length) {
    io.out(
      `Tenant "${slug}" has no templates (run: npm run -s leadline -- templates sync --tenant ${slug}).`,
    );
    return 0;
  }
  const table = [
    ['CHANNEL', 'NAME', 'LANGUAGE', 'CATEGORY', 'STATUS'],
    ...templates.map((t) => [`${t.provider} ${t.phoneNumberId}`, t.name, t.language, t.category, t.status]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  io.out(
    table
      .map((line) =>
        line
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n'),
  );
  return 0;
}
