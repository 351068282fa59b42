/**
 * Text a person typed, made safe for Prisma's `contains` / `startsWith` / `endsWith` (SQL LIKE under
 * the hood, which Prisma does not escape): `%` and `_` are wildcards to PostgreSQL, so a search for
 * "%" would otherwise match every row. Backslash is PostgreSQL's default LIKE escape character.
 */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
