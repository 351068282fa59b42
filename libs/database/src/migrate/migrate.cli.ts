// `npm run db:migrate`: applies prisma/migrations to the database named by DATABASE_URL.
import { DEFAULT_DATABASE_URL } from '../database-url';
import { runMigrations } from './migration-runner';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  await runMigrations({ databaseUrl, urlSource: 'DATABASE_URL', log: (line) => console.log(line) });
}

main().catch((error: unknown) => {
  // One line, no stack trace: these errors are about configuration or data, not about our code.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:migrate: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exitCode = 1;
});
