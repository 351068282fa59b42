/** A migration cannot be applied, or the history in _prisma_migrations forbids going on. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** The PostgreSQL server cannot be reached or refuses the login. */
export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}
