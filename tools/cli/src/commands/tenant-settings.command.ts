import { CliError, type CommandIo } from '../cli-error';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';

export const TENANT_SETTINGS_USAGE = [
  'tenant settings show --tenant <slug> [--json]',
  'tenant settings set --tenant <slug> --key <path> --value <json> [--json]',
  'tenant settings unset --tenant <slug> --key <path> [--json]',
].join('\n       ');

/** A dotted path of plain keys (`crm.baseUrl`); never one that reaches an object's prototype. */
const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

function parsePath(key: string | undefined): string[] {
  const path = (key ?? '').split('.');
  if (!key || path.some((segment) => !SEGMENT.test(segment) || FORBIDDEN.has(segment))) {
    throw new CliError(
      `--key must be a dotted path of names (letters, digits, "_", "-"), e.g. crm.baseUrl (got ${JSON.stringify(key ?? '')})`,
    );
  }
  return path;
}

/** `--value` is JSON (`42`, `true`, `{"a":1}`, `"text"`); anything that is not JSON is the text itself. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

type Settings = Record<string, unknown>;

function isObject(value: unknown): value is Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `settings` with `path` set to `value` (or removed when `value` is undefined). */
export function withSetting(settings: Settings, path: string[], value: unknown): Settings {
  const [head, ...rest] = path;
  const copy: Settings = { ...settings };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const inner = isObject(copy[head]) ? (copy[head] as Settings) : {};
  const next = withSetting(inner, rest, value);
  if (Object.keys(next).length === 0 && value === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/**
 * `tenant settings show|set|unset`: the workspace settings JSON (`tenants.settings`) that custom
 * activities read as `ctx.tenant.settings` (e.g. `crm.baseUrl`). Changes are audited
 * (`tenant.settings_changed`, the key only: values may be private). 0 done, 1 unknown tenant or
 * database trouble, 2 bad arguments.
 */
export async function tenantSettingsCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const [action, ...rest] = args;
  if (action !== 'show' && action !== 'set' && action !== 'unset')
    throw new CliError(`usage: ${TENANT_SETTINGS_USAGE}`);
  const { positionals, values } = parseCommandArgs(
    rest,
    {
      tenant: { type: 'string' },
      key: { type: 'string' },
      value: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    TENANT_SETTINGS_USAGE,
  );
  const slug = values.tenant?.trim();
  if (positionals.length || !slug) throw new CliError(`usage: ${TENANT_SETTINGS_USAGE}`);
  const path = action === 'show' ? [] : parsePath(values.key);
  if (action === 'set' && values.value === undefined)
    throw new CliError(`set needs --value\n\nusage: ${TENANT_SETTINGS_USAGE}`);

  const config = await loadAdminConfig(options);
  const settings = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, slug);
    const current = isObject(tenant.settings) ? tenant.settings : {};
    if (action === 'show') return current;
    const next = withSetting(
      current,
      path,
      action === 'set' ? parseValue(values.value as string) : undefined,
    );
    // Provisioning-style change by the operator (system client, docs/data-model.md), audited.
    await prisma.$transaction([
      prisma.tenant.update({ where: { id: tenant.id }, data: { settings: next as object } }),
      prisma.auditLog.create({
        data: {
          tenantId: tenant.id,
          action: 'tenant.settings_changed',
          targetType: 'tenant',
          targetId: tenant.id,
          data: { via: 'cli', key: path.join('.'), change: action },
        },
      }),
    ]);
    return next;
  });
  if (values.json || action === 'show') io.out(JSON.stringify(settings, null, 2));
  else
    io.out(
      action === 'set'
        ? `Set ${path.join('.')} in the settings of ${slug}; activities read it as ctx.tenant.settings.${path.join('.')}.`
        : `Removed ${path.join('.')} from the settings of ${slug}.`,
    );
  return 0;
}
