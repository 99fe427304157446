import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../helpers/engines.js';
import { insertJob, insertLocation, insertSession, insertUser, type FixtureUser } from '../helpers/user-fixtures.js';
import { privacyExport } from '../../src/maintenance/privacy-export.js';
import { privacyForget } from '../../src/maintenance/privacy-forget.js';
import { databaseTarget } from '../../src/database/target.js';

/** Every text-like column of every table (partitions included), to search for leftover personal data. */
async function textColumns(db: TestDatabase): Promise<{ table: string; column: string }[]> {
  const { rows } = await db.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     JOIN pg_type t ON t.oid = a.atttypid
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND t.typname IN ('text', 'varchar', 'bpchar', 'jsonb', 'json')
       AND c.relname <> 'spatial_ref_sys'`,
  );
  return rows;
}

async function occurrences(db: TestDatabase, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await textColumns(db)) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM public."${table}" WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS needle WHERE "${column}"::text ILIKE '%' || needle || '%')`,
      [needles],
    );
    if (Number(rows[0]!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function paymentTotals(db: TestDatabase) {
  const { rows } = await db.query(
    'SELECT count(*)::int AS n, sum(amount_cents)::bigint AS amount, sum(guard_payout_cents)::bigint AS payout, sum(platform_fee_cents)::bigint AS fee FROM payments',
  );
  return rows[0];
}

for (const engine of engines()) {
  describe(`${engine.name}: privacy export and forget`, () => {
    let db: TestDatabase;
    let customer: FixtureUser;
    let guard: FixtureUser;

    beforeAll(async () => {
      db = await engine.migrated();
      await db.query('SELECT location_history_ensure_partitions()');
      customer = await insertUser(db);
      guard = await insertUser(db, { role: 'guard' });
      const job = await insertJob(db, customer, guard, 'paid');
      await insertJob(db, customer, guard, 'paid');
      await insertLocation(db, guard, new Date(Date.now() - 3_600_000), job);
      await insertLocation(db, guard, new Date(Date.now() - 2 * 86_400_000));
      await insertSession(db, guard);
      await insertSession(db, customer);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('export holds every row of every table that references the user, and no password hash or token', async () => {
      const document = await privacyExport({ target: databaseTarget(db.url), user: guard.email.toUpperCase() });
      expect(document.user).toMatchObject({ id: guard.id, email: guard.email, first_name: guard.firstName, phone: guard.phone });
      expect(document.guardProfile).toMatchObject({ user_id: guard.id, license_number: `LIC-${guard.lastName}` });
      expect(document.guardProfile!.current_location).toMatchObject({ type: 'Point' });
      expect(document.jobsAsGuard).toHaveLength(2);
      expect(document.paymentsAsPayee).toHaveLength(2);
      expect(document.locationHistory).toHaveLength(2);
      expect(document.sessions).toHaveLength(1);
      // Every foreign key to users, read from the catalog, is covered with exactly the rows that reference the user.
      const { rows: refs } = await db.query<{ table: string; column: string }>(
        `SELECT cl.relname AS table, a.attname AS column FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass AND c.conparentid = 0`,
      );
      const exported = JSON.stringify(document);
      for (const ref of refs) {
        const { rows } = await db.query<{ id: string }>(`SELECT id::text FROM "${ref.table}" WHERE "${ref.column}" = $1`, [guard.id]);
        for (const row of rows) expect(exported, `${ref.table}.${ref.column} row ${row.id}`).toContain(row.id);
      }
      expect(exported).not.toContain('password_hash');
      expect(exported).not.toContain('SecretHashValueForTestsOnly');
      expect(exported).not.toMatch(/"(session_token|refresh_token)"/);
      expect(exported).not.toContain('tok_');
    });

    it('export by id gives the customer side: jobs and payments as payer', async () => {
      const document = await privacyExport({ target: databaseTarget(db.url), user: customer.id });
      expect(document.jobsAsCustomer).toHaveLength(2);
      expect(document.paymentsAsPayer).toHaveLength(2);
      expect(document.guardProfile).toBeNull();
    });

    it('an unknown user is NOT_FOUND', async () => {
      await expect(privacyExport({ target: databaseTarget(db.url), user: 'nobody@example.com' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(privacyForget({ target: databaseTarget(db.url), user: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('forget refuses while the user has an active job, and changes nothing', async () => {
      const busy = await insertUser(db);
      const otherGuard = await insertUser(db, { role: 'guard' });
      await insertJob(db, busy, otherGuard, 'matched', { startOffsetDays: 3 });
      await expect(privacyForget({ target: databaseTarget(db.url), user: busy.email })).rejects.toMatchObject({ code: 'REFUSED' });
      const { rows } = await db.query('SELECT email, deleted_at FROM users WHERE id = $1', [busy.id]);
      expect(rows[0]).toEqual({ email: busy.email, deleted_at: null });
    });

    it('forget leaves no personal data in any text column of any table, keeps jobs and payments, and soft-deletes', async () => {
      const totalsBefore = await paymentTotals(db);
      const { rows: jobsBefore } = await db.query('SELECT * FROM jobs WHERE guard_id = $1 ORDER BY id', [guard.id]);
      expect(await occurrences(db, [guard.email, guard.firstName, guard.lastName, guard.phone])).not.toEqual([]);

      const dry = await privacyForget({ target: databaseTarget(db.url), user: guard.email, dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, sessionsDeleted: 1, locationPointsDeleted: 2, jobsKept: 2, paymentsKept: 2 });
      expect(await occurrences(db, [guard.email])).not.toEqual([]);

      const result = await privacyForget({ target: databaseTarget(db.url), user: guard.email });
      expect(result).toMatchObject({
        userId: guard.id,
        sessionsDeleted: 1,
        locationPointsDeleted: 2,
        guardProfileAnonymized: true,
        jobsKept: 2,
        paymentsKept: 2,
      });
      expect(await occurrences(db, [guard.email, guard.firstName, guard.lastName, guard.phone])).toEqual([]);
      expect(await paymentTotals(db)).toEqual(totalsBefore);
      const { rows: jobsAfter } = await db.query('SELECT * FROM jobs WHERE guard_id = $1 ORDER BY id', [guard.id]);
      expect(jobsAfter).toEqual(jobsBefore);
      const { rows } = await db.query('SELECT email, deleted_at, password_hash FROM users WHERE id = $1', [guard.id]);
      expect(rows[0].email).toBe(result.placeholderEmail);
      expect(rows[0].deleted_at).not.toBeNull();
      expect(rows[0].password_hash).toBe('!');
      const { rows: left } = await db.query(
        'SELECT (SELECT count(*) FROM sessions WHERE user_id = $1)::int AS sessions, (SELECT count(*) FROM location_history WHERE guard_id = $1)::int AS points',
        [guard.id],
      );
      expect(left[0]).toEqual({ sessions: 0, points: 0 });
      // The customer on the other side of those jobs is untouched.
      expect(await occurrences(db, [customer.email])).toContain('users.email');
    });
  });
}
