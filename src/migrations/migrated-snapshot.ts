import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from '../database/embedded.js';
import { loadMigrations } from './load-migrations.js';
import { migrate } from './migrate.js';
import { AegisError } from '../errors/aegis-error.js';
import { databaseTarget } from '../database/target.js';

/** Where migrated embedded data-dir snapshots are cached (override with AEGIS_SNAPSHOT_DIR). */
export function snapshotDir(): string {
  return process.env.AEGIS_SNAPSHOT_DIR ?? join(tmpdir(), 'aegis-db-snapshots');
}

/**
 * A content hash of the migrations in `migrationsDir` (names and checksums) and the UTC day: the migrations
 * create location_history partitions relative to today, so a database migrated on an earlier day would
 * lack the newest days' partitions.
 */
export function migrationsKey(migrationsDir: string): string {
  const files = loadMigrations(migrationsDir);
  const today = new Date().toISOString().slice(0, 10);
  return createHash('sha256')
    .update(`${today}\n${files.map((file) => `${file.name}:${file.checksum}`).join('\n')}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * A gzipped PGlite data directory with every migration in `migrationsDir` applied, built once and cached
 * under a key of the migrations' checksums, so each embedded test database starts from it in seconds.
 */
export async function migratedSnapshot(migrationsDir: string): Promise<Blob> {
  const key = migrationsKey(migrationsDir);
  const path = join(snapshotDir(), `migrated-${key}.tar.gz`);
  if (!existsSync(path)) {
    const server = await startEmbedded({ dataDir: undefined });
    try {
      const result = await migrate({ target: databaseTarget(server.url), migrationsDir, direction: 'up' });
      if (result.error) throw result.error;
      const dump = await server.db.dumpDataDir('gzip');
      mkdirSync(snapshotDir(), { recursive: true });
      const partial = `${path}.${process.pid}.tmp`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, path);
    } catch (error) {
      throw error instanceof AegisError
        ? error
        : new AegisError('INTERNAL', `cannot build the migrated snapshot: ${String(error)}`, { cause: error });
    } finally {
      await server.stop();
    }
  }
  return new Blob([readFileSync(path)]);
}
