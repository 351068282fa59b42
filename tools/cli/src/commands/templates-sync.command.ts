import { CliError, type CommandIo } from '../cli-error';
import {
  adminSecretBox,
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { cliTemplateProviders, syncCountsText } from './templates-providers';

export const TEMPLATES_SYNC_USAGE = 'templates sync --tenant <slug> [--json]';

/**
 * `templates sync --tenant <slug> [--json]`: reads the templates of each active Meta (with a WABA
 * id) and Twilio channel of the tenant from its provider and updates the stored ones. 0 all synced,
 * 1 unknown tenant / a channel failed (the others are still synced) / database unusable, 2 bad
 * arguments or configuration.
 */
export async function templatesSyncCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    { tenant: { type: 'string' }, json: { type: 'boolean', default: false } },
    TEMPLATES_SYNC_USAGE,
  );
  const slug = values.tenant?.trim();
  if (positionals.length || !slug) throw new CliError(`usage: ${TEMPLATES_SYNC_USAGE}`);
  const config = await loadAdminConfig(options);
  const secretBox = await adminSecretBox(config);
  const deps = await cliTemplateProviders(config, secretBox);
  const outcomes = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    const { syncTenantTemplates } = await import('@leadline/engine');
    return syncTenantTemplates(prisma, deps, tenant.id);
  });

  for (const outcome of outcomes) if (!outcome.ok) io.err(`leadline: ${outcome.error.message}`);
  if (values.json) {
    const channels = outcomes.map(({ channelId, provider, phoneNumberId, ...result }) =>
      result.ok
        ? {
            channelId,
            provider,
            phoneNumberId,
            added: result.added,
            updated: result.updated,
            removed: result.removed,
          }
        : { channelId, provider, phoneNumberId, error: result.error.message },
    );
    io.out(JSON.stringify({ channels }, null, 2));
  } else if (!outcomes.length) {
    io.out(`Tenant "${slug}" has no active Meta channel with a WABA id or Twilio channel: nothing to sync.`);
  } else {
    const lines = outcomes.map(
      (o) => `  ${o.provider} ${o.phoneNumberId}: ${o.ok ? syncCountsText(o) : 'failed'}`,
    );
    io.out([`Synced the templates of tenant "${slug}":`, ...lines].join('\n'));
  }
  return outcomes.every((outcome) => outcome.ok) ? 0 : 1;
}
