import { AegisError } from '../errors/aegis-error.js';
import { tableSchemas } from '../generated/schemas.js';
import { seedSchemas, type SeedTable } from './row-schemas.js';

/**
 * Parses one generated row with its table's schema before it is written. A seeder bug then fails
 * with the table, row and field named, instead of as a constraint violation deep inside a COPY.
 */
export function validateRow(table: SeedTable, row: unknown, index: number): void {
  // The seeders' own schema (stricter: bcrypt cost, lower-case email, money split) and the generated insert schema.
  let result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } = seedSchemas[table].safeParse(row);
  if (result.success) result = tableSchemas[table].insert.safeParse(row);
  if (result.success) return;
  const issue = result.error!.issues[0]!;
  const field = issue.path.map(String).join('.') || '(row)';
  const id = typeof row === 'object' && row !== null && 'id' in row ? ` (id ${String((row as { id: unknown }).id)})` : '';
  throw new AegisError('INTEGRITY', `invalid seed row ${table}[${index}]${id}: ${table}.${field} ${issue.message}`, {
    hint: 'a seeder generated a row the schema rejects; fix the seeder (nothing was written)',
  });
}
