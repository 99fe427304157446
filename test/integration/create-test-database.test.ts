import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/testing/index.js';
import { MIGRATIONS_DIR, serverUrl } from '../helpers/engines.js';

const targets: { name: string; url?: string }[] = [{ name: 'embedded' }, ...(serverUrl ? [{ name: 'server', url: serverUrl }] : [])];

for (const target of targets) {
  describe(`${target.name}: createTestDatabase()`, () => {
    const opened: TestDatabase[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((db) => db.close()));
    });

    it('twice gives two isolated, migrated databases', async () => {
      const first = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR });
      opened.push(first);
      const second = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR });
      opened.push(second);
      expect(first.url).not.toBe(second.url);
      for (const db of [first, second]) {
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM aegis_meta.migrations`);
        expect(rows[0]!.n).toBeGreaterThan(0);
      }
      await first.query(
        `INSERT INTO users (email, password_hash, first_name, last_name) VALUES ('only-in-first@example.com', 'x', 'A', 'B')`,
      );
      await second.query('CREATE TABLE only_in_second (id int)');
      expect((await first.query(`SELECT 1 FROM users WHERE email = 'only-in-first@example.com'`)).rows).toHaveLength(1);
      expect((await second.query(`SELECT 1 FROM users WHERE email = 'only-in-first@example.com'`)).rows).toHaveLength(0);
      expect((await first.query(`SELECT to_regclass('only_in_second') AS t`)).rows[0].t).toBeNull();
      await Promise.all([first.close(), second.close()]);
    });

    it('seed: "demo" gives a migrated database with the demo profile in it', async () => {
      const db = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR, seed: 'demo' });
      opened.push(db);
      const { rows } = await db.query<{ users: number; jobs: number }>(
        'SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM jobs)::int AS jobs',
      );
      expect(rows[0]!.users).toBeGreaterThan(0);
      expect(rows[0]!.jobs).toBeGreaterThan(0);
    });

    it('close() is safe twice and releases the database', async () => {
      const db = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR });
      await db.close();
      await db.close();
      await expect(db.query('SELECT 1')).rejects.toThrow();
    });
  });
}
