import { connect } from '../database/connect.js';
import { loadMigrations } from './load-migrations.js';
import { readApplied } from './meta-tables.js';
import { checkIntegrity, type IntegrityReport } from './validate-applied.js';

export interface MigrationStatus {
  applied: { name: string; runOn: Date; state: 'ok' | 'modified' | 'missing' | 'unverified' }[];
  pending: string[];
  integrity: IntegrityReport;
}

/** Applied (with time and checksum state) and pending migrations. Reads only; never creates tables. */
export async function migrationStatus(options: { url: string; migrationsDir: string; connectTimeoutMs?: number }): Promise<MigrationStatus> {
  const files = loadMigrations(options.migrationsDir);
  const client = await connect(options.url, { applicationName: 'aegis-db status', connectTimeoutMs: options.connectTimeoutMs });
  try {
    const applied = await readApplied(client);
    const integrity = checkIntegrity(files, applied);
    const appliedNames = new Set(applied.map((row) => row.name));
    const stateOf = (name: string) =>
      integrity.modified.includes(name) ? 'modified' : integrity.missing.includes(name) ? 'missing' : integrity.unverified.includes(name) ? 'unverified' : 'ok';
    return {
      applied: applied.map((row) => ({ name: row.name, runOn: row.runOn, state: stateOf(row.name) })),
      pending: files.filter((file) => !appliedNames.has(file.name)).map((file) => file.name),
      integrity,
    };
  } finally {
    await client.end().catch(() => {});
  }
}
