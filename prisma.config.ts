// Prisma 7 reads its settings here instead of from schema.prisma. The URL is only needed by the
// commands that talk to a database (migrate, db, studio), never by `prisma generate`.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/leadline' },
});
