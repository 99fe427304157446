import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, rollbackEachTest, type TestDatabase } from '../../src/testing/index.js';
import { templateSpec } from '../../src/testing/create-test-database.js';
import { adminPool, dropDatabase, ensureTemplate, settleSpares, templateName } from '../../src/testing/server-template.js';
import { MIGRATIONS_DIR, schemaSnapshot, serverUrl } from '../helpers/engines.js';
import { migrationsDir } from '../helpers/migrations-copy.js';

/** Everything a test could leave behind that the next test database must not see: schema, rows, sequences. */
async function stateOf(db: TestDatabase): Promise<{ schema: string; content: Record<string, string>; sequences: Record<string, string> }> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname IN ('public', 'aegis_meta') ORDER BY 1`,
  );
  const content: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await db.query<{ md5: string }>(
      `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${name} t`,
    );
    content[name] = rows[0]!.md5;
  }
  const { rows: names } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences WHERE schemaname IN ('public', 'aegis_meta') ORDER BY 1`,
  );
  const sequences: Record<string, string> = {};
  for (const { name } of names) {
    const { rows } = await db.query<{ s: string }>(`SELECT last_value || '/' || is_called AS s FROM ${name}`);
    sequences[name] = rows[0]!.s;
  }
  return { schema: await schemaSnapshot(db), content, sequences };
}

/** Writes to tables that start empty and to ones the migrations filled, advances sequences, changes settings. */
async function dirty(db: TestDatabase): Promise<void> {
  await db.query(`INSERT INTO users (email, password_hash, first_name, last_name) VALUES ('dirty@example.com', 'x', 'D', 'Y')`);
  await db.query(`UPDATE aegis_meta.migrations SET name = name || '_edited' WHERE id = (SELECT min(id) FROM aegis_meta.migrations)`);
  await db.query(`DELETE FROM aegis_meta.checksums WHERE name = (SELECT max(name) FROM aegis_meta.checksums)`);
  const { rows } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences WHERE schemaname IN ('public', 'aegis_meta')`,
  );
  for (const { name } of rows) await db.query(`SELECT nextval('${name}') FROM generate_series(1, 3)`);
  await db.query(`TRUNCATE aegis_meta.checksums`);
  // A client of the test's own, left with an open transaction: close() must wait for it or not reuse.
  const own = new pg.Client({ connectionString: db.url });
  await own.connect();
  await own.query(`BEGIN; INSERT INTO users (email, password_hash, first_name, last_name) VALUES ('open@example.com', 'x', 'O', 'P')`);
  await own.end();
}

const targets: { name: 'embedded' | 'server'; url?: string }[] = [
  { name: 'embedded' },
  ...(serverUrl ? [{ name: 'server' as const, url: serverUrl }] : []),
];

for (const target of targets) {
  describe(`${target.name}: test databases after the first`, () => {
    let pristine: Awaited<ReturnType<typeof stateOf>>;
    let first: TestDatabase;
    beforeAll(async () => {
      first = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR });
      pristine = await stateOf(first);
    });

    it('a dirtied, closed database comes back exactly as migrated: same content hash, schema snapshot and sequences', async () => {
      await dirty(first);
      expect((await stateOf(first)).content).not.toEqual(pristine.content);
      await first.close();
      const next = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR });
      try {
        // Embedded: the same instance, reset (a new one would have another port); server: a new clone.
        if (target.name === 'embedded') expect(next.url).toBe(first.url);
        else expect(next.url).not.toBe(first.url);
        expect(await stateOf(next)).toEqual(pristine);
      } finally {
        await next.close();
      }
    });

    it('a schema change is not carried over either: the next database is as migrated', async () => {
      const db = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR });
      await db.query('CREATE TABLE left_behind (id int)');
      await db.query(`GRANT SELECT ON users TO PUBLIC`);
      await db.close();
      const next = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR });
      try {
        expect(next.url).not.toBe(db.url);
        expect(await stateOf(next)).toEqual(pristine);
      } finally {
        await next.close();
      }
    });

    describe('rollbackEachTest', () => {
      let db: TestDatabase;
      beforeAll(async () => {
        db = await createTestDatabase({ url: target.url, migrationsDir: MIGRATIONS_DIR });
      });
      afterAll(async () => {
        await db.close();
      });
      const tx = rollbackEachTest(() => db, { beforeEach, afterEach });

      it('a test writes inside its transaction', async () => {
        await tx.query(`INSERT INTO users (email, password_hash, first_name, last_name) VALUES ('rolled@example.com', 'x', 'R', 'B')`);
        expect((await tx.query(`SELECT 1 FROM users WHERE email = 'rolled@example.com'`)).rows).toHaveLength(1);
      });

      it('and the next test does not see it', async () => {
        expect((await tx.query(`SELECT 1 FROM users WHERE email = 'rolled@example.com'`)).rows).toHaveLength(0);
      });
    });
  });
}

describe.runIf(serverUrl)('server: template per migration set', () => {
  const created: string[] = [];
  const counting = (dir: string) => {
    const spec = templateSpec(dir, undefined);
    let builds = 0;
    return {
      spec: {
        ...spec,
        build: async (url: string) => {
          builds++;
          await spec.build(url);
        },
      },
      builds: () => builds,
    };
  };
  afterAll(async () => {
    await settleSpares();
    const admin = adminPool(serverUrl!);
    for (const name of created) {
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
        name,
        `aegis\\_spare\\_${name.slice('aegis_tpl_'.length)}\\_%`,
      ]);
      for (const row of rows) await dropDatabase(admin, row.datname);
    }
  });

  it('racing builders: one builds, the others wait and clone the same template; a changed set replaces it', async () => {
    const dir = migrationsDir({
      '20260101000000_one.sql': `-- Up Migration\nCREATE TABLE raced (id bigint);\nINSERT INTO raced VALUES (${Date.now()});\n-- Down Migration\nDROP TABLE raced;\n`,
    });
    const racing = counting(dir);
    created.push(templateName(racing.spec.key));
    const results = await Promise.all(Array.from({ length: 4 }, () => ensureTemplate(serverUrl!, racing.spec)));
    expect(racing.builds()).toBe(1);
    expect(results.filter((result) => result.built)).toHaveLength(1);
    expect(new Set(results.map((result) => result.name))).toEqual(new Set([templateName(racing.spec.key)]));

    const dbs = await Promise.all(Array.from({ length: 3 }, () => createTestDatabase({ url: serverUrl, migrationsDir: dir })));
    try {
      expect(racing.builds()).toBe(1);
      for (const db of dbs) expect((await db.query('SELECT count(*)::int AS n FROM raced')).rows[0].n).toBe(1);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
    await settleSpares();

    writeFileSync(
      join(dir, '20260101000001_two.sql'),
      `-- Up Migration\nCREATE TABLE second (id int);\n-- Down Migration\nDROP TABLE second;\n`,
    );
    const changed = counting(dir);
    created.push(templateName(changed.spec.key));
    expect((await ensureTemplate(serverUrl!, changed.spec)).built).toBe(true);
    const { rows } = await adminPool(serverUrl!).query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [templateName(racing.spec.key), `aegis\\_spare\\_${racing.spec.key}\\_%`],
    );
    expect(rows).toEqual([]);
  });
});
