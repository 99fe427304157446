import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { packageRoot } from '../config/package-root.js';
import { startEmbedded } from '../database/embedded.js';
import { connect } from '../database/connect.js';
import { databaseTarget } from '../database/target.js';
import { migrate } from '../migrations/migrate.js';
import { migratedSnapshot } from './migrated-snapshot.js';
import { seedDemo } from '../dev/seed-demo.js';

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
  /** Drops the scratch database (server) or stops the embedded one. Safe to call twice. */
  close(): Promise<void>;
}

function scratchUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

function wrap(url: string, engine: TestDatabase['engine'], release: () => Promise<void>): TestDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
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
 * A fresh, isolated database for one test suite: migrated (and optionally seeded), with a `pg` pool.
 * Embedded by default (started from a cached migrated snapshot); a scratch database when given a server URL.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrationsDir = options.migrationsDir ?? join(packageRoot(), 'migrations');
  const wantMigrated = options.migrate ?? true;
  let db: TestDatabase;
  if (options.url) {
    const name = `aegis_test_${randomBytes(6).toString('hex')}`;
    const admin = await connect(options.url, { applicationName: 'aegis-db testing' });
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = scratchUrl(options.url, name);
    db = wrap(url, 'server', async () => {
      const dropper = await connect(options.url!, { applicationName: 'aegis-db testing' });
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    });
    if (wantMigrated) {
      const result = await migrate({ target: databaseTarget(url), migrationsDir, direction: 'up' });
      if (result.error) {
        await db.close();
        throw result.error;
      }
    }
  } else {
    const snapshot = wantMigrated ? await migratedSnapshot(migrationsDir) : undefined;
    const server = await startEmbedded({ dataDir: undefined, ...(snapshot ? { loadDataDir: snapshot } : {}) });
    db = wrap(server.url, 'embedded', () => server.stop());
  }
  if (options.seed === 'demo') {
    try {
      await seedDemo(db.url, { migrationsDir });
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}
