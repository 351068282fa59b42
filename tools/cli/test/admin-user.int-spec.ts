import bcrypt from 'bcryptjs';
import { adminCli, adminCliWithStdin, tablesContaining, useAdminDatabase } from './admin-support';

describe('leadline user create', () => {
  const admin = useAdminDatabase({ tenants: ['acme-solar'] });

  const withStdin = (stdin: string, ...args: string[]) => adminCliWithStdin(admin.env, stdin, ...args);

  it('creates an owner with the password from stdin, hashed with bcrypt at cost 12, and audits it', async () => {
    const result = await withStdin(
      'a very good password\n',
      'user',
      'create',
      '--tenant',
      'acme-solar',
      '--email',
      'Owner@Acme.example',
      '--role',
      'owner',
      '--name',
      'Olga',
      '--password-stdin',
      '--json',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    const printed = JSON.parse(result.out);
    expect(printed).toEqual({
      user: { id: expect.any(String), email: 'owner@acme.example', role: 'owner', tenant: 'acme-solar' },
    });
    const { rows } = await admin.sql.query(
      'SELECT email, name, role, password_hash FROM users WHERE id = $1',
      [printed.user.id],
    );
    expect(rows[0]).toMatchObject({ email: 'owner@acme.example', name: 'Olga', role: 'owner' });
    expect(bcrypt.getRounds(rows[0].password_hash)).toBe(12);
    expect(await bcrypt.compare('a very good password', rows[0].password_hash)).toBe(true);
    expect(await tablesContaining(admin.sql, 'a very good password')).toEqual([]);
    const { rows: audit } = await admin.sql.query(
      `SELECT action, data FROM audit_logs WHERE target_id = $1`,
      [printed.user.id],
    );
    expect(audit).toEqual([
      { action: 'user.created', data: { via: 'cli', email: 'owner@acme.example', role: 'owner' } },
    ]);
  });

  it('generates and prints a password once when none is given', async () => {
    const result = await adminCli(
      admin.env,
      'user',
      'create',
      '--tenant',
      'acme-solar',
      '--email',
      'agent@acme.example',
      '--role',
      'agent',
    );
    expect(result.code).toBe(0);
    const password = /^\s{2}(\S+)$/m.exec(result.out)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const { rows } = await admin.sql.query(
      `SELECT password_hash FROM users WHERE email = 'agent@acme.example'`,
    );
    expect(await bcrypt.compare(password!, rows[0].password_hash)).toBe(true);
  });

  it.each([
    [['--tenant', 'acme-solar', '--email', 'x@acme.example', '--role', 'boss'], 2, '--role must be one of'],
    [['--tenant', 'acme-solar', '--email', 'not-an-email', '--role', 'viewer'], 2, 'is not an email address'],
    [
      ['--tenant', 'nope', '--email', 'x@acme.example', '--role', 'viewer'],
      1,
      'tenant "nope" does not exist',
    ],
    [['--tenant', 'acme-solar', '--email', 'OWNER@acme.example', '--role', 'viewer'], 1, 'already exists'],
  ])('refuses %j with exit %i', async (args, code, message) => {
    const result = await adminCli(admin.env, 'user', 'create', ...(args as string[]));
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
  });

  it('refuses a short password from stdin', async () => {
    const result = await withStdin(
      'short\n',
      'user',
      'create',
      '--tenant',
      'acme-solar',
      '--email',
      'v@acme.example',
      '--role',
      'viewer',
      '--password-stdin',
    );
    expect(result).toMatchObject({ code: 2, err: expect.stringContaining('at least 10 characters') });
  });
});
