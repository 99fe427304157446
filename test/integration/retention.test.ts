import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { insertJob, insertLocation, insertUser, type FixtureUser } from '../helpers/user-fixtures.js';
import { retention } from '../../src/maintenance/retention.js';
import { connect } from '../../src/database/connect.js';
import { databaseTarget } from '../../src/database/target.js';

const DAY = 86_400_000;
// Noon UTC makes the 30-day cutoff fall mid-day, so exactly one daily partition straddles it.
const today = new Date();
const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12));
const dayName = (offset: number) =>
  `location_history_p${new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10).replaceAll('-', '')}`;

async function partitions(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'location_history'::regclass ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

async function state(db: TestDatabase) {
  const points = await db.query<{ id: string }>('SELECT id FROM location_history ORDER BY id');
  const users = await db.query<{ id: string; deleted_at: Date | null }>('SELECT id, deleted_at FROM users ORDER BY id');
  return { partitions: await partitions(db), points: points.rows.map((row) => row.id), users: users.rows };
}

for (const engine of engines()) {
  describe(`${engine.name}: retention`, () => {
    let db: TestDatabase;
    let guard: FixtureUser;
    const points: Record<string, string> = {};
    const users: Record<string, FixtureUser> = {};

    beforeAll(async () => {
      db = await engine.migrated();
      // The snapshot's partitions are dated from when it was built: lay out a known range around `now`.
      await db.query('SELECT location_history_ensure_partitions($1::date, $2::date)', [
        new Date(now.getTime() - 35 * DAY),
        new Date(now.getTime() + 1 * DAY),
      ]);
      guard = await insertUser(db, { role: 'guard' });
      points.day31 = await insertLocation(db, guard, new Date(now.getTime() - 31 * DAY));
      points.day35 = await insertLocation(db, guard, new Date(now.getTime() - 35 * DAY + 3_600_000));
      points.justExpired = await insertLocation(db, guard, new Date(now.getTime() - 30 * DAY - 3_600_000));
      points.justKept = await insertLocation(db, guard, new Date(now.getTime() - 30 * DAY + 3_600_000));
      points.day29 = await insertLocation(db, guard, new Date(now.getTime() - 29 * DAY));
      points.today = await insertLocation(db, guard, now);
      users.longGone = await insertUser(db, {
        lastLoginAt: new Date(now.getTime() - 400 * DAY),
        createdAt: new Date(now.getTime() - 800 * DAY),
      });
      users.neverLoggedIn = await insertUser(db, { lastLoginAt: null, createdAt: new Date(now.getTime() - 400 * DAY) });
      users.newSignup = await insertUser(db, { lastLoginAt: null, createdAt: new Date(now.getTime() - 30 * DAY) });
      users.recent = await insertUser(db, {
        lastLoginAt: new Date(now.getTime() - 300 * DAY),
        createdAt: new Date(now.getTime() - 800 * DAY),
      });
      users.busy = await insertUser(db, {
        lastLoginAt: new Date(now.getTime() - 400 * DAY),
        createdAt: new Date(now.getTime() - 800 * DAY),
      });
      await insertJob(db, users.busy, guard, 'requested', { startOffsetDays: 5 });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('--dry-run reports the plan and changes nothing', async () => {
      const before = await state(db);
      const plan = await retention({ target: databaseTarget(db.url), now, dryRun: true });
      expect(plan.dryRun).toBe(true);
      expect(plan.partitionsDropped).toEqual(expect.arrayContaining([dayName(-31), dayName(-35)]));
      expect(plan.partitionsDropped).not.toContain(dayName(-30));
      expect(plan.rowsDeleted).toBe(1);
      expect(plan.usersSoftDeleted).toBeGreaterThanOrEqual(2);
      expect(await state(db)).toEqual(before);
    });

    it('drops whole expired partitions, trims the one straddling the cutoff, keeps everything inside the window', async () => {
      const result = await retention({ target: databaseTarget(db.url), now });
      expect(result.partitionsDropped).toEqual(expect.arrayContaining([dayName(-31), dayName(-35)]));
      const after = await state(db);
      expect(after.partitions).not.toContain(dayName(-31));
      expect(after.partitions).toContain(dayName(-30)); // straddles the cutoff: kept whole, expired rows deleted
      expect(after.partitions).toContain(dayName(-29));
      expect(after.partitions).toContain(dayName(7)); // created ahead
      expect(after.points).not.toContain(points.day31);
      expect(after.points).not.toContain(points.day35);
      expect(after.points).not.toContain(points.justExpired);
      expect(after.points).toEqual(expect.arrayContaining([points.justKept, points.day29, points.today]));
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM location_history WHERE recorded_at < $1', [
        new Date(now.getTime() - 30 * DAY),
      ]);
      expect(Number(rows[0]!.n)).toBe(0);
    });

    it('soft-deletes users inactive for a year (never hard-deletes), sparing recent ones and those with an active job', async () => {
      const { rows } = await db.query<{ id: string; deleted_at: Date | null }>(
        'SELECT id, deleted_at FROM users WHERE id = ANY($1::uuid[])',
        [Object.values(users).map((user) => user.id)],
      );
      const deleted = new Map(rows.map((row) => [row.id, row.deleted_at !== null]));
      expect(rows).toHaveLength(Object.keys(users).length);
      expect(deleted.get(users.longGone!.id)).toBe(true);
      expect(deleted.get(users.neverLoggedIn!.id)).toBe(true);
      expect(deleted.get(users.newSignup!.id)).toBe(false);
      expect(deleted.get(users.recent!.id)).toBe(false);
      expect(deleted.get(users.busy!.id)).toBe(false);
    });

    it('is idempotent: a second run finds nothing to do and changes nothing', async () => {
      const before = await state(db);
      const again = await retention({ target: databaseTarget(db.url), now });
      expect(again).toMatchObject({ partitionsCreated: [], partitionsDropped: [], rowsDeleted: 0, usersSoftDeleted: 0 });
      expect(await state(db)).toEqual(before);
    });

    it('puts expired rows that landed in the default partition out of reach too', async () => {
      await db.query('SELECT location_history_ensure_partitions($1::date, $1::date)', [new Date(now.getTime() - 30 * DAY)]);
      // A point older than every partition lands in the default partition.
      const stray = await insertLocation(db, guard, new Date(now.getTime() - 90 * DAY));
      const result = await retention({ target: databaseTarget(db.url), now });
      expect(result.rowsDeleted).toBe(1);
      const { rows } = await db.query('SELECT 1 FROM location_history WHERE id = $1', [stray]);
      expect(rows).toHaveLength(0);
    });

    it.skipIf(engine.name === 'embedded')(
      'gives up with LOCK_TIMEOUT instead of queueing writers behind it when a transaction holds location_history (server only: PGlite has one session)',
      async () => {
        await db.query('SELECT location_history_ensure_partitions($1::date, $1::date)', [new Date(now.getTime() - 40 * DAY)]);
        const holder = await connect(db.url);
        try {
          await holder.query('BEGIN');
          await holder.query('LOCK TABLE location_history IN ACCESS SHARE MODE');
          await expect(retention({ target: databaseTarget(db.url), now, lockTimeoutMs: 100, lockRetries: 1 })).rejects.toMatchObject({
            code: 'LOCK_TIMEOUT',
          });
        } finally {
          await holder.query('ROLLBACK');
          await holder.end();
        }
        const result = await retention({ target: databaseTarget(db.url), now });
        expect(result.partitionsDropped).toEqual([dayName(-40)]);
      },
    );
  });
}
