import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export interface CreatePrismaClientOptions {
  /** postgresql://user:password@host:port/database */
  url: string;
  /** Size of the connection pool (pg's default is 10). */
  maxConnections?: number;
}

/**
 * A Prisma client over node-postgres. Used as is, it is the *system* client: it acts as the
 * connecting role (a superuser or BYPASSRLS role), so row-level security does not apply. Code that
 * works for one tenant must go through `withTenant` instead; see docs/data-model.md.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.maxConnections });
  return new PrismaClient({ adapter });
}
