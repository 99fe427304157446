import type pg from 'pg';
import { withClient, type DatabaseTarget } from '../database/target.js';
import { loadMigrations } from './load-migrations.js';
import type { MigrationFile } from './migration-file.js';
import { forgetChecksumSql, META_SCHEMA, MIGRATIONS_TABLE, readApplied, recordChecksumSql } from './meta-tables.js';
import { acquireMigrationLock, releaseMigrationLock } from './migration-lock.js';
import { checkIntegrity } from './validate-applied.js';

export interface RepairAction {
  name: string;
  /** checksum: the recorded checksum now matches the edited file; forget: a deleted file's record was removed. */
  action: 'checksum' | 'forget';
  was: string | null;
  now: string | null;
}

export interface RepairResult {
  actions: RepairAction[];
  /** Pending files that sort before an applied one: repair cannot apply them, they need a new name. */
  outOfOrder: string[];
}

/**
 * Accepts the current migration files as the truth after a reviewed edit: records the checksum of edited
 * (never-checksummed, or checksummed over raw CRLF bytes) applied files and forgets applied migrations whose file was deleted. Never runs
 * migration SQL; takes the migration lock so it cannot race a runner; all or nothing.
 */
export async function repairMigrations(options: {
  target: DatabaseTarget;
  migrationsDir: string;
  lockWaitMs?: number;
}): Promise<RepairResult> {
  const files = loadMigrations(options.migrationsDir);
  return withClient(options.target, (client) => repairMigrationsOn(client, files, options.lockWaitMs ?? 30_000), {
    applicationName: 'aegis-db repair',
  });
}

/** {@link repairMigrations} on an open client. */
export async function repairMigrationsOn(client: pg.ClientBase, files: MigrationFile[], lockWaitMs: number): Promise<RepairResult> {
  const byName = new Map(files.map((file) => [file.name, file]));
  await acquireMigrationLock(client, lockWaitMs);
  try {
    const applied = await readApplied(client);
    const integrity = checkIntegrity(files, applied);
    const recorded = new Map(applied.map((row) => [row.name, row.checksum]));
    const actions: RepairAction[] = [
      ...[...integrity.modified, ...integrity.unverified, ...integrity.legacy].map((name) => ({
        name,
        action: 'checksum' as const,
        was: recorded.get(name) ?? null,
        now: byName.get(name)!.checksum,
      })),
      ...integrity.missing.map((name) => ({ name, action: 'forget' as const, was: recorded.get(name) ?? null, now: null })),
    ].sort((a, b) => a.name.localeCompare(b.name));
    if (actions.length > 0) {
      await client.query('BEGIN');
      try {
        for (const step of actions) {
          if (step.action === 'checksum') {
            await client.query(recordChecksumSql(step.name, step.now!));
          } else {
            await client.query(`DELETE FROM ${META_SCHEMA}.${MIGRATIONS_TABLE} WHERE name = $1`, [step.name]);
            await client.query(forgetChecksumSql(step.name));
          }
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    }
    return { actions, outOfOrder: integrity.outOfOrder };
  } finally {
    await releaseMigrationLock(client).catch(() => {});
  }
}
