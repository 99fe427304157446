import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { engines, MIGRATIONS_DIR, type TestDatabase } from '../helpers/engines.js';
import { seed, type SeedResult } from '../../src/seeding/seed.js';
import { contentHash, type ContentHash } from '../../src/seeding/content-hash.js';
import { migrate } from '../../src/migrations/migrate.js';
import { isAegisError } from '../../src/errors/aegis-error.js';
import { registerAegisTypes } from '../../src/pg-types/index.js';
import { tableSchemas } from '../../src/generated/schemas.js';
import { databaseTarget } from '../../src/database/target.js';
import { readdirSync } from 'node:fs';

const shippedMigrations = readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.sql')).length;

const ANCHOR = '2026-11-20';
const hashes = new Map<string, ContentHash>();

async function hashOf(db: TestDatabase): Promise<ContentHash> {
  const client = await db.pool.connect();
  try {
    return await contentHash(client);
  } finally {
    await client.query('RESET TimeZone');
    client.release();
  }
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAegisError(error), `expected a refusal, got ${String(error)}`).toBe(true);
  return error as { code: string; message: string; hint?: string };
}

for (const engine of engines()) {
  describe(`${engine.name}: seed demo profile`, () => {
    let db: TestDatabase;
    let first: SeedResult;
    let firstHash: ContentHash;

    beforeAll(async () => {
      db = await engine.migrated();
      first = await seed({ target: databaseTarget(db.url), anchor: ANCHOR, nodeEnv: undefined, migrationsDir: MIGRATIONS_DIR });
      firstHash = await hashOf(db);
      hashes.set(engine.name, firstHash);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('prints R-7 §6.4 logins whose stored bcrypt hash (cost 10) verifies the demo password', async () => {
      expect(first.logins!.map((login) => login.email)).toEqual([
        'customer@demo.aegis.com',
        'guard1@demo.aegis.com',
        'guard2@demo.aegis.com',
        'guard3@demo.aegis.com',
        'admin@demo.aegis.com',
      ]);
      const { rows } = await db.query<{ email: string; password_hash: string; role: string }>(
        `SELECT email, password_hash, role FROM users WHERE email LIKE '%@demo.aegis.com' ORDER BY email`,
      );
      expect(rows).toHaveLength(5);
      for (const row of rows) {
        expect(row.password_hash).not.toContain(first.demoPassword);
        expect(bcrypt.getRounds(row.password_hash)).toBeGreaterThanOrEqual(10);
        expect(bcrypt.compareSync(first.demoPassword!, row.password_hash)).toBe(true);
      }
      const { rows: counts } = await db.query<{ n: string }>('SELECT count(*) AS n FROM users');
      expect(Number(counts[0]!.n)).toBeGreaterThanOrEqual(40);
    });

    it('has jobs in every status, each reached through legal transitions recorded in job_status_history', async () => {
      const { rows } = await db.query<{ status: string }>('SELECT DISTINCT status::text AS status FROM jobs ORDER BY 1');
      expect(rows.map((row) => row.status)).toEqual(['cancelled', 'completed', 'in_progress', 'matched', 'paid', 'requested']);
      const { rows: paths } = await db.query<{ status: string; path: string; ordered: boolean; actors: boolean }>(`
        SELECT j.status::text AS status,
               string_agg(h.to_status::text, '>' ORDER BY h.changed_at, h.id) AS path,
               bool_and(h.changed_at <= now()) AND array_agg(h.changed_at ORDER BY h.id) = array_agg(h.changed_at ORDER BY h.changed_at, h.id) AS ordered,
               bool_and(h.changed_by IS NOT NULL OR h.to_status = 'paid') AS actors
          FROM jobs j JOIN job_status_history h ON h.job_id = j.id GROUP BY j.id, j.status`);
      const legal = /^requested(>matched(>in_progress(>completed(>paid)?)?)?)?(>cancelled)?$/;
      for (const row of paths) {
        expect(row.path).toMatch(legal);
        expect(row.path.split('>').at(-1)).toBe(row.status);
        expect(row.ordered).toBe(true);
        expect(row.actors).toBe(true);
      }
    });

    it('is consistent: guards, money, check-ins, GPS trails and payments agree with each status', async () => {
      const { rows } = await db.query<{ bad: string }>(`
        SELECT j.id::text AS bad FROM jobs j
         WHERE (j.status IN ('in_progress', 'completed', 'paid') AND NOT EXISTS (SELECT 1 FROM location_history l WHERE l.job_id = j.id AND l.guard_id = j.guard_id))
            OR (j.status IN ('completed', 'paid') AND (SELECT count(*) FROM payments p WHERE p.job_id = j.id AND p.payment_type IN ('charge', 'payout')) <> 2)
            OR (j.status = 'paid' AND EXISTS (SELECT 1 FROM payments p WHERE p.job_id = j.id AND p.status <> 'succeeded'))
            OR (j.status IN ('requested', 'matched') AND EXISTS (SELECT 1 FROM location_history l WHERE l.job_id = j.id))
            OR (j.guard_checked_out_at IS NOT NULL AND j.completed_at <> j.guard_checked_out_at)
            OR (j.platform_fee_cents + j.guard_payout_cents <> j.total_amount_cents)
            OR EXISTS (SELECT 1 FROM location_history l WHERE l.job_id = j.id AND (l.recorded_at < j.guard_checked_in_at OR l.recorded_at > coalesce(j.guard_checked_out_at, j.cancelled_at, now())))`);
      expect(rows).toEqual([]);
      const { rows: partitions } = await db.query<{ n: string }>('SELECT count(*) AS n FROM location_history_default');
      expect(Number(partitions[0]!.n)).toBe(0);
    });

    it('answers R-7 sample queries: nearest guards to the LA job, a guard’s active job, payment history, pending payouts', async () => {
      const nearest = await db.query<{ email: string; distance_miles: number }>(`
        SELECT u.email, ST_Distance(gp.current_location, j.location_coordinates) / 1609.34 AS distance_miles
          FROM jobs j
          JOIN guard_profiles gp ON gp.availability_status = 'available'
          JOIN users u ON u.id = gp.user_id AND u.status = 'active'
         WHERE j.title = 'Corporate Event Security' AND j.status = 'requested'
           AND ST_DWithin(gp.current_location, j.location_coordinates, 16093.4)
         ORDER BY gp.current_location <-> j.location_coordinates LIMIT 10`);
      expect(nearest.rows.map((row) => row.email)).toEqual(expect.arrayContaining(['guard2@demo.aegis.com', 'guard3@demo.aegis.com']));
      expect(nearest.rows.map((row) => row.email)).not.toContain('guard1@demo.aegis.com');

      const active = await db.query<{ status: string }>(`
        SELECT j.status::text AS status FROM jobs j JOIN users g ON g.id = j.guard_id
         WHERE g.email = 'guard1@demo.aegis.com' AND j.status IN ('matched', 'in_progress') ORDER BY j.start_time`);
      expect(active.rows).toEqual([{ status: 'in_progress' }]);

      const history = await db.query<{ payment_type: string; status: string }>(`
        SELECT p.payment_type::text, p.status::text FROM payments p JOIN users c ON c.id = p.payer_id
         WHERE c.email = 'customer@demo.aegis.com' AND p.payment_type = 'charge' ORDER BY p.created_at DESC`);
      expect(history.rows.length).toBe(3);
      expect(history.rows.every((row) => row.status === 'succeeded')).toBe(true);

      const pending = await db.query<{ amount_cents: number }>(`
        SELECT p.amount_cents FROM payments p JOIN users g ON g.id = p.payee_id
         WHERE g.email = 'guard3@demo.aegis.com' AND p.payment_type = 'payout' AND p.status = 'pending'`);
      expect(pending.rows).toHaveLength(1);
      expect(pending.rows[0]!.amount_cents).toBeGreaterThan(0);
    });

    it('every seeded row passes its generated zod schema when read back through aegis-db/pg', async () => {
      const pool = new pg.Pool({ connectionString: db.url, max: 1 });
      try {
        await registerAegisTypes(pool);
        for (const table of Object.keys(tableSchemas) as (keyof typeof tableSchemas)[]) {
          const { rows } = await pool.query(`SELECT * FROM ${table}`);
          expect(rows.length, `${table} has rows`).toBeGreaterThan(0);
          for (const row of rows) {
            const parsed = tableSchemas[table].row.safeParse(row);
            expect(parsed.success ? '' : `${table}: ${JSON.stringify(parsed.error.issues[0])}`).toBe('');
          }
        }
      } finally {
        await pool.end();
      }
    });

    it('is idempotent: a second run writes nothing and leaves the same content', async () => {
      const again = await seed({ target: databaseTarget(db.url), anchor: ANCHOR, nodeEnv: undefined, migrationsDir: MIGRATIONS_DIR });
      expect(again.alreadySeeded).toBe(true);
      expect(Object.values(again.tables).every((rows) => rows === 0)).toBe(true);
      expect((await hashOf(db)).hash).toBe(firstHash.hash);
    });

    it('is deterministic: --reset and the same seed rebuild identical content, ids included', async () => {
      const rebuilt = await seed({
        target: databaseTarget(db.url),
        anchor: ANCHOR,
        reset: true,
        nodeEnv: undefined,
        migrationsDir: MIGRATIONS_DIR,
      });
      expect(rebuilt.tables.users).toBe(first.tables.users);
      expect(await hashOf(db)).toEqual(firstHash);
    });

    it('refuses a database with demo rows from another seed, naming the option reset', async () => {
      const error = await refusal(
        seed({ target: databaseTarget(db.url), anchor: ANCHOR, seed: 99, nodeEnv: undefined, migrationsDir: MIGRATIONS_DIR }),
      );
      expect(error.code).toBe('REFUSED');
      expect(error.message).toMatch(/different seed or anchor/);
      expect(error.hint).toMatch(/^run aegis-db seed reset: true to empty/);
    });

    it('refuses a database marked as production, and NODE_ENV=production, unless forced', async () => {
      const error = await refusal(
        seed({ target: databaseTarget(db.url), anchor: ANCHOR, nodeEnv: 'production', migrationsDir: MIGRATIONS_DIR }),
      );
      expect(error.code).toBe('REFUSED');
      expect(error.message).toMatch(/NODE_ENV is production/);

      const { rows } = await db.query<{ db: string }>('SELECT current_database() AS db');
      await db.query(`ALTER DATABASE "${rows[0]!.db}" SET aegis.environment = 'production'`);
      try {
        const marked = await refusal(
          seed({ target: databaseTarget(db.url), anchor: ANCHOR, nodeEnv: undefined, migrationsDir: MIGRATIONS_DIR }),
        );
        expect(marked.code).toBe('REFUSED');
        expect(marked.message).toMatch(/marked as production \(aegis\.environment = 'production'\)/);
        const forced = await seed({
          target: databaseTarget(db.url),
          anchor: ANCHOR,
          force: true,
          nodeEnv: 'production',
          migrationsDir: MIGRATIONS_DIR,
        });
        expect(forced.alreadySeeded).toBe(true);
      } finally {
        await db.query(`ALTER DATABASE "${rows[0]!.db}" RESET aegis.environment`);
      }
    });

    it('load profile at a small scale: location_history dominant, idempotent, deterministic', async () => {
      const loadOptions = {
        target: databaseTarget(db.url),
        profile: 'load',
        scale: 0.003,
        anchor: ANCHOR,
        nodeEnv: undefined,
        migrationsDir: MIGRATIONS_DIR,
      } as const;
      const load = await seed(loadOptions);
      expect(load.tables).toMatchObject({ users: 3, jobs: 30, location_history: 3000 });
      expect(load.rowsPerSecond).toBeGreaterThan(0);
      const max = Math.max(...Object.values(load.tables));
      expect(load.tables.location_history).toBe(max);
      const afterLoad = await hashOf(db);
      const again = await seed(loadOptions);
      expect(again.alreadySeeded).toBe(true);
      expect((await hashOf(db)).hash).toBe(afterLoad.hash);
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(DISTINCT status) AS n FROM jobs WHERE customer_id IN (SELECT id FROM users WHERE email LIKE '%@load.example.com')`,
      );
      expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(3);
    });
  });

  describe(`${engine.name}: seed refuses an unmigrated or partly migrated database`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await engine.empty();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('names the pending migrations', async () => {
      const none = await refusal(seed({ target: databaseTarget(db.url), nodeEnv: undefined, migrationsDir: MIGRATIONS_DIR }));
      expect(none.code).toBe('REFUSED');
      expect(none.message).toMatch(new RegExp(`is not migrated; ${shippedMigrations} pending migration\\(s\\): 20261122000100_extensions`));
      const partly = await migrate({ target: databaseTarget(db.url), migrationsDir: MIGRATIONS_DIR, direction: 'up', count: 3 });
      expect(partly.error).toBeUndefined();
      const some = await refusal(seed({ target: databaseTarget(db.url), nodeEnv: undefined, migrationsDir: MIGRATIONS_DIR }));
      expect(some.message).toMatch(
        new RegExp(`is only partly migrated; ${shippedMigrations - 3} pending migration\\(s\\): 20261122000400_guard_profiles`),
      );
    });
  });
}

describe('seed content across engines', () => {
  it.skipIf(engines().length < 2)('is identical on the embedded engine and the server (same seed and anchor)', () => {
    expect(hashes.get('server')).toEqual(hashes.get('embedded'));
  });
});
