import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { packageRoot, packageVersion } from '../config/package-root.js';
import { databaseTarget, withDatabase } from '../database/target.js';
import { AegisError } from '../errors/aegis-error.js';
import { migrate } from '../migrations/migrate.js';
import { migratedSnapshot, migrationsKey } from '../migrations/migrated-snapshot.js';
import { seedDemo } from '../dev/seed-demo.js';
import { adminPool, cloneTemplate, ensureTemplate, testDatabaseName, type TemplateSpec } from './server-template.js';
import { checkInInstance, checkOutInstance } from './warm-embedded.js';
import { waitUntil } from './wait-until.js';

export interface TestDatabaseOptions {
  /**
   * A server to create the scratch database on (any database URL on it; the scratch database is created
   * beside it and dropped by close()). Omitted: an embedded database in memory.
   */
  url?: string;
  /** Apply the migrations (default true). */
  migrate?: boolean;
  /** Migrations folder (default: the ones shipped with aegis-db). */
  migrationsDir?: string;
  /** Seed a profile after migrating ('demo': the realistic demo data of `aegis-db seed`). */
  seed?: 'demo';
}

export interface TestDatabase {
  /** Connection URL for any client (pg, psql, an ORM). */
  url: string;
  engine: 'embedded' | 'server';
  pool: pg.Pool;
  /** Shorthand for pool.query. */
  query: pg.Pool['query'];
  /**
   * Drops the database (server), or resets the embedded instance for the next test database (stopping it
   * when it cannot be reset exactly, e.g. after a schema change). Safe to call twice.
   */
  close(): Promise<void>;
}

function wrap(url: string, engine: TestDatabase['engine'], release: () => Promise<void>): TestDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  // A client still closing when the database is dropped must not raise an unhandled 'error'.
  pool.on('connect', (client) => client.on('error', () => {}));
  let closed = false;
  return {
    url,
    engine,
    pool,
    query: pool.query.bind(pool) as pg.Pool['query'],
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await release();
    },
  };
}

/**
 * A fresh, isolated database for one test suite (or one test): migrated (and optionally seeded), with a
 * `pg` pool. Embedded by default: the first call in a process starts an instance from a cached migrated
 * snapshot, later calls reuse a closed database's instance after resetting it. Given a server URL, a clone
 * of a template database built once per migration set.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrationsDir = resolve(options.migrationsDir ?? join(packageRoot(), 'migrations'));
  const wantMigrated = options.migrate ?? true;
  const seed = wantMigrated ? options.seed : undefined;
  if (options.url) return serverDatabase(options.url, migrationsDir, wantMigrated, seed);
  if (options.seed && !wantMigrated)
    throw new AegisError('USAGE', 'createTestDatabase: seed needs the migrations', { hint: 'drop migrate: false, or drop seed' });
  const key = `${wantMigrated ? migrationsKey(migrationsDir) : 'empty'}:${seed ?? ''}`;
  const instance = await checkOutInstance(
    key,
    async () => ({ dataDir: undefined, ...(wantMigrated ? { loadDataDir: await migratedSnapshot(migrationsDir) } : {}) }),
    async (server) => {
      if (seed === 'demo') await seedDemo(server.url, { migrationsDir });
    },
  );
  return wrap(instance.server.url, 'embedded', () => checkInInstance(key, instance));
}

/** What a server template for these migrations (and seed profile) holds, and how it is built. */
export function templateSpec(migrationsDir: string, seed: 'demo' | undefined): TemplateSpec {
  const content = `${migrationsKey(migrationsDir)}:${seed ? `${seed}:${packageVersion()}` : ''}`;
  return {
    key: createHash('sha256').update(content).digest('hex').slice(0, 16),
    family: createHash('sha256')
      .update(`${migrationsDir}:${seed ?? ''}`)
      .digest('hex')
      .slice(0, 16),
    async build(url) {
      const result = await migrate({ target: databaseTarget(url), migrationsDir, direction: 'up' });
      if (result.error) throw result.error;
      if (seed === 'demo') await seedDemo(url, { migrationsDir });
    },
  };
}

async function serverDatabase(base: string, migrationsDir: string, wantMigrated: boolean, seed: 'demo' | undefined): Promise<TestDatabase> {
  const admin = adminPool(base);
  const name = testDatabaseName();
  const release = async () => {
    // Pools the test closed just before are still saying goodbye: give their backends a moment, so WITH
    // (FORCE) ends only connections left open, not ones closing (their clients would get 57P01 errors).
    const gone = async () => {
      const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_catalog.pg_stat_activity WHERE datname = $1', [
        name,
      ]);
      return rows[0]!.n === 0;
    };
    await waitUntil(gone, 1_000, 20);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  if (!wantMigrated) {
    await admin.query(`CREATE DATABASE ${name}`);
    return wrap(withDatabase(base, name), 'server', release);
  }
  const spec = templateSpec(migrationsDir, seed);
  for (let attempt = 1; ; attempt++) {
    await ensureTemplate(base, spec);
    try {
      await cloneTemplate(base, spec.key, name);
      break;
    } catch (error) {
      // The template was replaced between the check and the clone (another process built a newer one): once more.
      if (attempt >= 2) throw error;
    }
  }
  return wrap(withDatabase(base, name), 'server', release);
}
