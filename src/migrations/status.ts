import type pg from 'pg';
import { withClient, type DatabaseTarget } from '../database/target.js';
import { loadMigrations } from './load-migrations.js';
import type { MigrationFile } from './migration-file.js';
import { readApplied } from './meta-tables.js';
import { checkIntegrity, type IntegrityReport } from './validate-applied.js';

export interface MigrationStatus {
  applied: { name: string; runOn: Date; state: 'ok' | 'modified' | 'missing' | 'unverified' }[];
  pending: string[];
  integrity: IntegrityReport;
}

/** Applied (with time and checksum state) and pending migrations. Reads only; never creates tables. */
export async function migrationStatus(options: { target: DatabaseTarget; migrationsDir: string }): Promise<MigrationStatus> {
  const files = loadMigrations(options.migrationsDir);
  return withClient(options.target, (client) => readMigrationStatus(client, files), { applicationName: 'aegis-db status' });
}

/** {@link migrationStatus} on an open client. */
export async function readMigrationStatus(client: pg.ClientBase, files: MigrationFile[]): Promise<MigrationStatus> {
  const applied = await readApplied(client);
  const integrity = checkIntegrity(files, applied);
  const appliedNames = new Set(applied.map((row) => row.name));
  const stateOf = (name: string) =>
    integrity.modified.includes(name)
      ? 'modified'
      : integrity.missing.includes(name)
        ? 'missing'
        : integrity.unverified.includes(name)
          ? 'unverified'
          : 'ok';
  return {
    applied: applied.map((row) => ({ name: row.name, runOn: row.runOn, state: stateOf(row.name) })),
    pending: files.filter((file) => !appliedNames.has(file.name)).map((file) => file.name),
    integrity,
  };
}
