import { AI_KEY_SECRETS, readTenantSecret, tenantAiSettings } from '@leadline/ai';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { adminCliWithStdin, tablesContaining, useAdminDatabase } from './admin-support';

describe('leadline ai keys set', () => {
  const admin = useAdminDatabase({ tenants: ['sunny'] });
  let prisma: PrismaClient;
  let tenantId: string;

  beforeAll(async () => {
    prisma = createPrismaClient({ url: admin.db.url });
    const tenant = await prisma.tenant.update({
      where: { slug: 'sunny' },
      data: { settings: { business: { name: 'Sunny Lda.' }, ai: { provider: 'gemini' } } },
    });
    tenantId = tenant.id;
  });

  afterAll(async () => {
    await prisma?.$disconnect();
  });

  const keysSet = (stdin: string, ...args: string[]) =>
    adminCliWithStdin(admin.env, stdin, 'ai', 'keys', 'set', ...args);

  /** What the AI step reads: the workspace's key, opened with the deployment's key. */
  async function storedKey(provider: keyof typeof AI_KEY_SECRETS): Promise<string | undefined> {
    const box = createSecretBoxFromBase64Keys({ current: admin.env.ENCRYPTION_KEY! });
    return withTenant(prisma, tenantId, (tx) => readTenantSecret(tx, box, AI_KEY_SECRETS[provider]));
  }

  it('stores the key from stdin, sealed, where the AI steps read it, and never prints it', async () => {
    const key = 'sk-test-Zr9Q2mNbT4vW8xY1';
    const result = await keysSet(
      `${key}\n`,
      '--tenant',
      'sunny',
      '--provider',
      'openai',
      '--key-stdin',
      '--json',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(result.out)).toEqual({ tenant: 'sunny', provider: 'openai', secret: 'openai_api_key' });
    expect(result.out).not.toContain(key);

    expect(await storedKey('openai')).toBe(key);
    expect(await storedKey('gemini')).toBeUndefined();
    // Only sealed: the plain key is in no table, not even as hex.
    expect(await tablesContaining(admin.sql, key)).toEqual([]);
  });

  it('replaces the key on a second call and sets the model without touching other settings', async () => {
    const result = await keysSet(
      'AIza-second-key-123',
      '--tenant',
      'sunny',
      '--provider',
      'gemini',
      '--model',
      'gemini-2.5-flash',
      '--key-stdin',
    );
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      'Stored the gemini key of sunny (encrypted, as gemini_api_key); its gemini model is gemini-2.5-flash.',
    );
    expect(
      (await keysSet('AIza-third-key-456', '--tenant', 'sunny', '--provider', 'gemini', '--key-stdin')).code,
    ).toBe(0);

    expect(await storedKey('gemini')).toBe('AIza-third-key-456');
    const { rows } = await admin.sql.query(
      'SELECT name FROM tenant_secrets WHERE tenant_id = $1 ORDER BY name',
      [tenantId],
    );
    expect(rows.map((row) => row.name)).toEqual(['gemini_api_key', 'openai_api_key']);
    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.settings).toEqual({
      business: { name: 'Sunny Lda.' },
      ai: { provider: 'gemini', geminiModel: 'gemini-2.5-flash' },
    });
    expect(tenantAiSettings(tenant.settings)).toMatchObject({ geminiModel: 'gemini-2.5-flash' });
  });

  it.each([
    [['--provider', 'openai', '--key-stdin'], 'sk-x', 2, /usage: ai keys set/],
    [
      ['--tenant', 'sunny', '--provider', 'claude', '--key-stdin'],
      'sk-x',
      2,
      /--provider must be one of: openai, gemini/,
    ],
    [
      ['--tenant', 'sunny', '--provider', 'openai'],
      'sk-x',
      2,
      /read from standard input only: add --key-stdin/,
    ],
    [['--tenant', 'sunny', '--provider', 'openai', '--key-stdin'], '  \n', 2, /no key on standard input/],
    [
      ['--tenant', 'sunny', '--provider', 'openai', '--key-stdin'],
      'sk-a\nsk-b',
      2,
      /one line without spaces/,
    ],
    [
      ['--tenant', 'nobody', '--provider', 'openai', '--key-stdin'],
      'sk-x',
      1,
      /tenant "nobody" does not exist/,
    ],
  ])('refuses %j (stdin %j) with exit %i', async (args, stdin, code, message) => {
    const result = await keysSet(stdin, ...args);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
    expect(await storedKey('openai')).toBe('sk-test-Zr9Q2mNbT4vW8xY1');
  });
});
