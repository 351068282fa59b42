// Users for the API tests. Passwords are hashed at bcrypt cost 4 so that tests stay quick; the cost
// the product uses (12) is asserted in libs/secrets.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { createUser, withTenant, type PrismaClient, type UserRoleName } from '@leadline/database';
import { hashPassword } from '@leadline/secrets';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface SeededUser {
  id: string;
  email: string;
  role: UserRoleName;
}

export async function seedUser(
  prisma: PrismaClient,
  tenantId: string,
  role: UserRoleName,
  email = `${role}-${randomUUID().slice(0, 8)}@example.com`,
): Promise<SeededUser> {
  const passwordHash = await hashPassword(TEST_PASSWORD, 4);
  const user = await withTenant(prisma, tenantId, (tx) =>
    createUser(tx, { tenantId, email, passwordHash, role }),
  );
  return { id: user.id, email: user.email, role };
}

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
}

/** Signs in through the API, as the editor does. */
export async function signIn(app: INestApplication, tenant: string, email: string): Promise<SignedIn> {
  const res = await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ tenant, email, password: TEST_PASSWORD })
    .expect(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}
