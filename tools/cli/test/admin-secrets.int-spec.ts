import { readTenantSecret } from '@leadline/ai';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { adminCliWithStdin, tablesContaining, useAdminDatabase } from './admin-support';

describe('leadline secrets set', () => {
  const admin = useAdminDatabase({ tenants: ['sunny'] });
  let prisma: PrismaClient;
  let tenantId: string;

  beforeAll(async () => {
    prisma = createPrismaClient({ url: admin.db.url });
    tenantId = (await prisma.tenant.findUniqueOrThrow({ where: { slug: 'sunny' } })).id;
  });

  afterAll(async () => {
    await prisma?.$disconnect();
  });

  const secretsSet = (stdin: string, ...args: string[]) =>
    adminCliWithStdin(admin.env, stdin, 'secrets', 'set', ...args);

  const stored = (name: string) => {
    const box = createSecretBoxFromBase64Keys({ current: admin.env.ENCRYPTION_KEY! });
    return withTenant(prisma, tenantId, (tx) => readTenantSecret(tx, box, name));
  };

  it('stores the value from stdin, sealed, and never prints it', async () => {
    const value = 'crm-token-Qw3rTy9';
    const result = await secretsSet(
      `${value}\n`,
      '--tenant',
      'sunny',
      '--name',
      'crm_token',
      '--value-stdin',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(
      'Stored the secret crm_token of sunny (encrypted); flows refer to it as {{secrets.crm_token}}.',
    );
    expect(result.out).not.toContain(value);
    await expect(stored('crm_token')).resolves.toBe(value);
    expect(await tablesContaining(admin.sql, value)).toEqual([]);

    await secretsSet('rotated-token', '--tenant', 'sunny', '--name', 'crm_token', '--value-stdin', '--json');
    await expect(stored('crm_token')).resolves.toBe('rotated-token');
  });

  it('refuses a bad name, a value on the command line or an empty value, and an unknown tenant', async () => {
    await expect(
      secretsSet('x', '--tenant', 'sunny', '--name', 'crm-token', '--value-stdin'),
    ).resolves.toMatchObject({
      code: 2,
      err: expect.stringContaining('--name must be letters, digits and "_"'),
    });
    await expect(secretsSet('x', '--tenant', 'sunny', '--name', 'crm_token')).resolves.toMatchObject({
      code: 2,
      err: expect.stringContaining('the value is read from standard input only'),
    });
    await expect(
      secretsSet('\n', '--tenant', 'sunny', '--name', 'crm_token', '--value-stdin'),
    ).resolves.toMatchObject({
      code: 2,
      err: expect.stringContaining('no value on standard input'),
    });
    const unknown = await secretsSet('x', '--tenant', 'nobody', '--name', 'crm_token', '--value-stdin');
    expect(unknown.code).toBe(1);
  });
});
