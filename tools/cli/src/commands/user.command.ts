import { randomBytes } from 'node:crypto';
import { CliError, type CommandIo } from '../cli-error';
import {
  loadAdminConfig,
  parseCommandArgs,
  requireTenant,
  withDatabase,
  type AdminOptions,
} from './admin-context';

export const USER_USAGE =
  'user create --tenant <slug> --email <email> --role owner|admin|editor|agent|viewer [--name <name>] ' +
  '[--password-stdin] [--json]';

const ROLES = ['owner', 'admin', 'editor', 'agent', 'viewer'] as const;
type Role = (typeof ROLES)[number];

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `user create ...`: adds a person who signs in with email and password (POST /api/auth/login).
 * The password comes from stdin (--password-stdin, so it is in neither the shell history nor the
 * process list) or is generated and printed once. 0 created, 1 unknown tenant / email taken /
 * database unusable, 2 bad arguments.
 */
export async function userCommand(args: string[], io: CommandIo, options: AdminOptions = {}) {
  const { positionals, values } = parseCommandArgs(
    args,
    {
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    USER_USAGE,
  );
  const [action, ...extra] = positionals;
  if (action !== 'create' || extra.length) throw new CliError(`usage: ${USER_USAGE}`);
  const { EMAIL_PATTERN, normaliseEmail } = await import('@leadline/database');
  const { passwordProblem } = await import('@leadline/secrets');
  const problems: string[] = [];
  if (!values.tenant) problems.push('--tenant <slug> is required');
  const email = values.email ? normaliseEmail(values.email) : undefined;
  if (!email) problems.push('--email <email> is required');
  else if (!EMAIL_PATTERN.test(email))
    problems.push(`--email ${JSON.stringify(values.email)} is not an email address`);
  if (!values.role) problems.push(`--role ${ROLES.join('|')} is required`);
  else if (!(ROLES as readonly string[]).includes(values.role)) {
    problems.push(`--role must be one of ${ROLES.join(', ')}, not ${JSON.stringify(values.role)}`);
  }
  const name = values.name?.trim();
  if (values.name !== undefined && (!name || name.length > 200))
    problems.push('--name must be 1-200 characters');
  if (problems.length) throw new CliError(`${problems.join('\n')}\n\nusage: ${USER_USAGE}`);

  let password: string;
  let generated = false;
  if (values['password-stdin']) {
    // One line; the newline `echo` or a here-string adds is not part of it.
    password = (await (options.readStdin ?? readProcessStdin)()).replace(/\r?\n$/, '');
    const problem = passwordProblem(password, [email ?? '', name ?? '']);
    if (problem) throw new CliError(`the password from stdin ${problem}`);
  } else {
    password = randomBytes(18).toString('base64url');
    generated = true;
  }

  const config = await loadAdminConfig(options);
  const { hashPassword } = await import('@leadline/secrets');
  const passwordHash = await hashPassword(password);
  const user = await withDatabase(config, async (prisma) => {
    const tenant = await requireTenant(prisma, values.tenant!);
    const { createUser, UserExistsError, withTenant } = await import('@leadline/database');
    try {
      return await withTenant(prisma, tenant.id, async (tx) => {
        const created = await createUser(tx, {
          tenantId: tenant.id,
          email: email!,
          name: name ?? null,
          passwordHash,
          role: values.role as Role,
        });
        await tx.auditLog.create({
          data: {
            tenantId: tenant.id,
            action: 'user.created',
            targetType: 'user',
            targetId: created.id,
            data: { via: 'cli', email: created.email, role: created.role },
          },
        });
        return created;
      });
    } catch (error) {
      if (error instanceof UserExistsError) {
        throw new CliError(`${error.message} (tenant "${tenant.slug}")`, 1);
      }
      throw error;
    }
  });

  if (values.json) {
    io.out(
      JSON.stringify(
        {
          user: { id: user.id, email: user.email, role: user.role, tenant: values.tenant },
          ...(generated ? { password } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    const lines = [`Created ${user.role} ${user.email} in tenant "${values.tenant}", id ${user.id}.`];
    if (generated) {
      lines.push(
        'Generated password (shown only this once; sign in and keep it safe):',
        '',
        `  ${password}`,
        '',
      );
    }
    io.out(lines.join('\n'));
  }
  return 0;
}
