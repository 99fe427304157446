import { appendFileSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, MIGRATIONS_DIR, schemaSnapshot, type TestDatabase } from '../helpers/engines.js';
import { migrationsCopy } from '../helpers/migrations-copy.js';
import { migrate } from '../../src/migrations/migrate.js';
import { migrationStatus } from '../../src/migrations/status.js';
import { repairMigrations } from '../../src/migrations/repair-migrations.js';
import { loadMigrations } from '../../src/migrations/load-migrations.js';
import { diffSnapshots } from '../../src/schema-snapshot/diff-snapshots.js';
import { defaultSnapshotPath } from '../../src/schema-snapshot/schema-snapshot-file.js';
import { databaseTarget } from '../../src/database/target.js';

const snapshot = schemaSnapshot;

async function run(db: TestDatabase, dir: string, direction: 'up' | 'down', extra: { count?: number; to?: string; dryRun?: boolean } = {}) {
  const result = await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction, ...extra });
  if (result.error) throw result.error;
  return result;
}

async function migrationLockHeld(db: TestDatabase): Promise<boolean> {
  // Advisory locks are per database, and other databases on the same server run migrations of their own.
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = x'41454749'::int::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0].n > 0;
}

const files = loadMigrations(MIGRATIONS_DIR);

for (const engine of engines()) {
  describe(`round trip and drift on ${engine.name}`, () => {
    let db: TestDatabase;
    let empty: string;
    beforeAll(async () => {
      db = await engine.empty();
      empty = await snapshot(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('--dry-run prints the SQL in order and touches nothing: no new relations, no bookkeeping schema', async () => {
      const catalog = async () =>
        (
          await db.query(
            `SELECT count(*)::int AS relations, (SELECT count(*)::int FROM pg_namespace) AS schemas, (SELECT count(*)::int FROM pg_proc) AS functions FROM pg_class`,
          )
        ).rows[0];
      const before = { catalog: await catalog(), schema: await snapshot(db) };
      const result = await run(db, MIGRATIONS_DIR, 'up', { dryRun: true });
      expect(result.steps.map((step) => step.name)).toEqual(files.map((file) => file.name));
      expect(result.steps.every((step) => step.status === 'planned' && (step.sql ?? '').length > 0)).toBe(true);
      expect(await catalog()).toEqual(before.catalog);
      expect(await snapshot(db)).toBe(before.schema);
      expect((await db.query(`SELECT to_regnamespace('aegis_meta') AS meta`)).rows[0].meta).toBeNull();
    });

    // Each file goes up once and down once: after its down, the schema is exactly the one before its up.
    const after = new Map<string, string>();
    files.forEach((file) => {
      it(`up ${file.name}`, async () => {
        await run(db, MIGRATIONS_DIR, 'up', { count: 1 });
        after.set(file.name, await snapshot(db));
      });
    });

    it('the fully migrated schema matches the committed snapshot (schema/schema.snapshot.txt)', async () => {
      const committed = readFileSync(defaultSnapshotPath(), 'utf8');
      expect(diffSnapshots(committed, await snapshot(db))).toEqual([]);
    });

    it('a change made by hand shows up as drift under its table', async () => {
      await db.query('ALTER TABLE sessions ADD COLUMN drifted int');
      const committed = readFileSync(defaultSnapshotPath(), 'utf8');
      expect(diffSnapshots(committed, await snapshot(db))).toEqual([
        { object: 'table public.sessions', removed: [], added: ['  column drifted integer'] },
      ]);
      await db.query('ALTER TABLE sessions DROP COLUMN drifted');
    });

    // Down one at a time to the first file; `--to 0` reverts that last one (the extensions), so nothing is applied twice.
    files
      .slice(1)
      .reverse()
      .forEach((file, reversedIndex) => {
        const previous = files[files.length - 2 - reversedIndex]!;
        it(`down ${file.name} gives back the schema before it`, async () => {
          expect(after.has(file.name), 'its up ran first').toBe(true);
          await run(db, MIGRATIONS_DIR, 'down', { count: 1 });
          expect(diffSnapshots(after.get(previous.name)!, await snapshot(db))).toEqual([]);
        });
      });

    it(`down --to 0 reverts ${files[0]!.name} too and leaves nothing of ours`, async () => {
      const result = await run(db, MIGRATIONS_DIR, 'down', { to: '0' });
      expect(result.steps.map((step) => step.name)).toEqual([files[0]!.name]);
      expect(diffSnapshots(empty, await snapshot(db))).toEqual([]);
      expect(await migrationLockHeld(db)).toBe(false);
    });
  });

  describe(`integrity and failures on ${engine.name}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await engine.migrated();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('refuses an edited applied file and a deleted one, naming them, until repaired', async () => {
      const dir = migrationsCopy();
      expect((await run(db, dir, 'up')).steps, 'the copy is what the database has applied').toEqual([]);
      const edited = files[4]!;
      const deleted = files.at(-1)!;
      appendFileSync(join(dir, `${edited.name}.sql`), '\n-- reviewed: comment added after the fact\n');
      unlinkSync(join(dir, `${deleted.name}.sql`));
      await expect(migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' })).rejects.toMatchObject({
        code: 'INTEGRITY',
        message: expect.stringMatching(
          new RegExp(`edited after being applied: ${edited.name}.*applied but the file is gone: ${deleted.name}`),
        ),
      });
      expect(await migrationLockHeld(db)).toBe(false);
      const status = await migrationStatus({ target: databaseTarget(db.url), migrationsDir: dir });
      expect(status.integrity).toMatchObject({ modified: [edited.name], missing: [deleted.name] });

      const repaired = await repairMigrations({ target: databaseTarget(db.url), migrationsDir: dir });
      expect(repaired.actions.map((step) => [step.name, step.action])).toEqual([
        [edited.name, 'checksum'],
        [deleted.name, 'forget'],
      ]);
      expect((await migrationStatus({ target: databaseTarget(db.url), migrationsDir: dir })).integrity).toEqual({
        modified: [],
        missing: [],
        outOfOrder: [],
        unverified: [],
        legacy: [],
      });
      expect((await run(db, dir, 'up')).steps).toEqual([]);
      expect((await repairMigrations({ target: databaseTarget(db.url), migrationsDir: dir })).actions).toEqual([]);
    });

    it('refuses a new file that sorts before an applied one; repair cannot accept it', async () => {
      const dir = migrationsCopy({ '20261122000150_late_arrival.sql': '-- Up Migration\nSELECT 1;\n-- Down Migration\nSELECT 1;\n' });
      await expect(migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' })).rejects.toMatchObject({
        code: 'INTEGRITY',
        message: expect.stringContaining('sorts before an applied migration: 20261122000150_late_arrival'),
      });
      expect((await repairMigrations({ target: databaseTarget(db.url), migrationsDir: dir })).outOfOrder).toEqual([
        '20261122000150_late_arrival',
      ]);
    });

    it('a failing file leaves nothing of itself, releases the lock, and re-runs once fixed', async () => {
      const name = '20991231000000_broken.sql';
      const dir = migrationsCopy({
        [name]:
          '-- Up Migration\nCREATE TABLE half_done (id int);\nSELECT no_such_column FROM users;\n-- Down Migration\nDROP TABLE half_done;\n',
      });
      const failed = await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' });
      expect(failed.error).toMatchObject({
        code: 'MIGRATION',
        message: expect.stringMatching(/20991231000000_broken\.sql:3:\d+: column "no_such_column" does not exist/),
      });
      expect((await db.query(`SELECT to_regclass('half_done') AS t`)).rows[0].t).toBeNull();
      expect(await migrationLockHeld(db)).toBe(false);
      writeFileSync(join(dir, name), '-- Up Migration\nCREATE TABLE half_done (id int);\n-- Down Migration\nDROP TABLE half_done;\n');
      expect((await run(db, dir, 'up')).steps.map((step) => step.status)).toEqual(['applied']);
      await run(db, dir, 'down');
    });

    it('a no-transaction CREATE INDEX CONCURRENTLY that failed half-way (INVALID index left) recovers on re-run', async () => {
      const name = '20991231000100_users_phone_unique.sql';
      const dir = migrationsCopy({
        [name]:
          '-- aegis:no-transaction\n-- Up Migration\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_phone_unique ON users (phone);\n-- Down Migration\nDROP INDEX CONCURRENTLY IF EXISTS idx_users_phone_unique;\n',
      });
      await db.query(
        `INSERT INTO users (email, password_hash, first_name, last_name, phone)
         VALUES ('twin1@example.com', 'x', 'A', 'B', '+15550001111'), ('twin2@example.com', 'x', 'A', 'B', '+15550001111')`,
      );
      const failed = await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' });
      expect(failed.error).toMatchObject({ code: 'MIGRATION', message: expect.stringContaining('could not create unique index') });
      const validity = async () =>
        (await db.query(`SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('idx_users_phone_unique')`)).rows[0]?.indisvalid;
      expect(await validity()).toBe(false);
      await db.query(`DELETE FROM users WHERE email = 'twin2@example.com'`);
      const rerun = await run(db, dir, 'up');
      expect(rerun.steps.map((step) => [step.name, step.status])).toEqual([[name.slice(0, -4), 'applied']]);
      expect(await validity()).toBe(true);
      await run(db, dir, 'down');
      await db.query(`DELETE FROM users WHERE email = 'twin1@example.com'`);
    });
  });
}
