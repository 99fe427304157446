import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrations/migrate.js';
import { migrationStatus } from '../../src/migrations/status.js';
import { engines, MIGRATIONS_DIR, type TestDatabase } from '../helpers/engines.js';
import { migrationsDir } from '../helpers/migrations-copy.js';
import { databaseTarget } from '../../src/database/target.js';

const good = (table: string) =>
  `-- Up Migration\nCREATE TABLE ${table} (id int);\nINSERT INTO ${table} VALUES (1);\n-- Down Migration\nDROP TABLE ${table};\n`;

async function tableExists(db: TestDatabase, name: string): Promise<boolean> {
  const { rows } = await db.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [name]);
  return rows[0]!.exists;
}

for (const engine of engines()) {
  describe(`migrate on ${engine.name}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await engine.empty();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('runs each file in its own transaction: a failing file leaves nothing, earlier files stay applied', async () => {
      const dir = migrationsDir({
        '20260101000000_alpha.sql': good('alpha'),
        '20260101000001_beta.sql':
          '-- Up Migration\nCREATE TABLE beta (id int);\nINSERT INTO beta VALUES (1);\nSELECT 1 / 0;\n-- Down Migration\nDROP TABLE beta;\n',
        '20260101000002_gamma.sql': good('gamma'),
      });
      const result = await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' });
      expect(result.steps.map((s) => [s.name, s.status])).toEqual([
        ['20260101000000_alpha', 'applied'],
        ['20260101000001_beta', 'failed'],
        ['20260101000002_gamma', 'not-run'],
      ]);
      expect(result.error?.code).toBe('MIGRATION');
      expect(result.error?.message).toMatch(/20260101000001_beta\.sql: division by zero/);
      expect(await tableExists(db, 'alpha')).toBe(true);
      expect(await tableExists(db, 'beta')).toBe(false);
      const status = await migrationStatus({ target: databaseTarget(db.url), migrationsDir: dir });
      expect(status.applied.map((a) => a.name)).toEqual(['20260101000000_alpha']);
      expect(status.pending).toEqual(['20260101000001_beta', '20260101000002_gamma']);
      // The migration lock was released: a second run can start at once and fails the same way.
      const again = await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up', lockWaitMs: 0 });
      expect(again.error?.code).toBe('MIGRATION');

      const down = await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'down', to: '0' });
      expect(down.steps.map((s) => s.status)).toEqual(['reverted']);
      expect(await tableExists(db, 'alpha')).toBe(false);
    });

    it('applies --count and --to, reverts with down and reports up to date', async () => {
      const dir = migrationsDir({
        '20260102000000_a.sql': good('ta'),
        '20260102000001_b.sql': good('tb'),
        '20260102000002_c.sql': good('tc'),
      });
      expect(
        (await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up', count: 1 })).steps.map((s) => s.name),
      ).toEqual(['20260102000000_a']);
      expect(
        (await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up', to: '20260102000001_b' })).steps.map(
          (s) => s.name,
        ),
      ).toEqual(['20260102000001_b']);
      expect((await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' })).steps.map((s) => s.name)).toEqual([
        '20260102000002_c',
      ]);
      expect((await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' })).steps).toEqual([]);
      const down = await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'down', to: '20260102000000_a' });
      expect(down.steps.map((s) => s.name)).toEqual(['20260102000002_c', '20260102000001_b']);
      expect(await tableExists(db, 'ta')).toBe(true);
      expect(await tableExists(db, 'tb')).toBe(false);
      await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'down' });
      expect(await tableExists(db, 'ta')).toBe(false);
    });

    it('refuses to run when an applied file was edited, naming it', async () => {
      const dir = migrationsDir({ '20260103000000_edit.sql': good('edited') });
      await migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' });
      writeFileSync(join(dir, '20260103000000_edit.sql'), good('edited') + '-- tweak\n');
      writeFileSync(join(dir, '20260103000001_next.sql'), good('nexted'));
      await expect(migrate({ target: databaseTarget(db.url), migrationsDir: dir, direction: 'up' })).rejects.toMatchObject({
        code: 'INTEGRITY',
        message: expect.stringContaining('edited after being applied: 20260103000000_edit'),
      });
      expect(await tableExists(db, 'nexted')).toBe(false);
    });
  });

  describe(`the shipped migrations on ${engine.name}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await engine.migrated();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('build every R-7 table with PostGIS available', async () => {
      for (const table of ['users', 'guard_profiles', 'jobs', 'location_history', 'payments', 'sessions']) {
        expect(await tableExists(db, `public.${table}`), table).toBe(true);
      }
      const { rows } = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
      expect(rows[0]!.v).toMatch(/^3\./);
      const status = await migrationStatus({ target: databaseTarget(db.url), migrationsDir: MIGRATIONS_DIR });
      expect(status.pending).toEqual([]);
      expect(status.applied.every((row) => row.state === 'ok')).toBe(true);
    });
  });
}
