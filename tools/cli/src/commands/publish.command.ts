import { validateFlow } from '@leadline/flow-core';
import { CliError, type CommandIo } from '../cli-error';
import { formatDiagnostics } from '../format/diagnostics-text';
import { readJsonFile } from '../read-json';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';
import { cliActivityRegistry } from './cli-activities';

export const PUBLISH_USAGE = 'publish <flow.json> --tenant <slug> [--json]';

/**
 * `publish <flow.json> --tenant <slug> [--json]`: validates the flow and stores it as the tenant's new
 * active version (no new version when it equals the active one). 0 published or unchanged, 1 invalid
 * flow / unknown tenant / database unusable, 2 bad arguments, unreadable file or configuration.
 */
export async function publishCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    { tenant: { type: 'string' }, json: { type: 'boolean', default: false } },
    PUBLISH_USAGE,
  );
  const slug = values.tenant?.trim();
  if (positionals.length !== 1 || !slug) throw new CliError(`usage: ${PUBLISH_USAGE}`);
  const [file] = positionals;
  const document = await readJsonFile(file, 'flow');
  // Validated before any database work: an invalid flow never needs the database to be refused. An
  // activity node naming an activity this deployment does not have is refused (UNKNOWN_ACTIVITY).
  const activities = (await cliActivityRegistry(options)).names();
  const validation = validateFlow(document, { activities });
  if (!validation.ok || !validation.flow) {
    if (values.json) io.out(JSON.stringify({ ok: false, diagnostics: validation.diagnostics }, null, 2));
    else io.err(formatDiagnostics(file, validation.diagnostics));
    io.err(`leadline: ${file} has errors; nothing was published`);
    return 1;
  }
  if (validation.diagnostics.length) io.err(formatDiagnostics(file, validation.diagnostics));
  const flow = validation.flow;

  const config = await loadAdminConfig(options);
  const published = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    const { publishFlowVersion, withTenant } = await import('@leadline/database');
    return withTenant(prisma, tenant.id, async (tx) => {
      const result = await publishFlowVersion(tx, {
        tenantId: tenant.id,
        key: flow.id,
        name: flow.name,
        // The document as written (like the seed), so publishing the same file again is "unchanged".
        definition: document as Parameters<typeof publishFlowVersion>[1]['definition'],
      });
      if (result.created) {
        await tx.auditLog.create({
          data: {
            tenantId: tenant.id,
            action: 'flow.published',
            targetType: 'flow',
            targetId: result.flowId,
            data: {
              via: 'cli',
              key: flow.id,
              name: flow.name,
              version: result.version,
              versionId: result.versionId,
            },
          },
        });
      }
      return result;
    });
  });

  if (values.json) {
    io.out(
      JSON.stringify({ flow: flow.id, version: published.version, created: published.created }, null, 2),
    );
  } else if (published.created) {
    io.out(
      `Published flow "${flow.id}" version ${published.version} for tenant "${slug}"; it is now active.`,
    );
  } else {
    io.out(`Flow "${flow.id}" is unchanged: version ${published.version} stays active for tenant "${slug}".`);
  }
  return 0;
}
