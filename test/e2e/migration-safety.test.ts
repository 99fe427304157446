import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { BIN, runCli } from '../helpers/cli.js';
import { serverUrl } from '../helpers/engines.js';
import { migrationsCopy } from '../helpers/migrations-copy.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { LOCK_KEY } from '../../src/migrations/migration-lock.js';

const errorLine = (stderr: string) => stderr.split('\n').find((line) => line.startsWith('error:')) ?? '';

async function appliedCounts(db: TestDatabase): Promise<Record<string, number>> {
  const { rows } = await db.query<{ name: string; n: number }>(
    'SELECT name, count(*)::int AS n FROM aegis_meta.migrations GROUP BY name ORDER BY name',
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

async function otherSession(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}

// Real concurrency, advisory-lock contention and kill -9 need a server: the embedded engine serves every
// connection on one backend session.
describe.skipIf(!serverUrl)('concurrent runners, lock timeouts and kill -9 (server only)', () => {
  const shipped = readdirSync(join(import.meta.dirname, '..', '..', 'migrations'))
    .map((file) => file.slice(0, -4))
    .sort();

  describe('five concurrent migrate up on an empty database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ url: serverUrl!, migrate: false });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('all exit 0 and every migration is applied exactly once', async () => {
      const runs = await Promise.all(
        Array.from({ length: 5 }, () => runCli(['migrate', 'up', '--lock-wait', '60s'], { env: { DATABASE_URL: db.url } })),
      );
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
      expect(runs.filter((r) => r.stdout.includes(`${shipped.length} migration(s) applied`))).toHaveLength(1);
      expect(runs.filter((r) => r.stdout.includes('Already up to date'))).toHaveLength(4);
      expect(await appliedCounts(db)).toEqual(Object.fromEntries(shipped.map((name) => [name, 1])));
    });
  });

  describe('locks held by others', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ url: serverUrl! });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('another runner holding the migration lock: exit 8 within --lock-wait, naming it; then success after release', async () => {
      const holder = await otherSession(db.url, 'deploy-pipeline-7');
      try {
        await holder.query('SELECT pg_advisory_lock($1, $2)', [LOCK_KEY[0], LOCK_KEY[1]]);
        const pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        const blocked = await runCli(['migrate', 'up', '--lock-wait', '2s'], { env: { DATABASE_URL: db.url } });
        expect(blocked.code).toBe(8);
        expect(errorLine(blocked.stderr)).toMatch(
          new RegExp(
            `another migration runner holds the migration lock: process ${pid} \\(deploy-pipeline-7, since .*\\); gave up after 2000 ms`,
          ),
        );
        await holder.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_KEY[0], LOCK_KEY[1]]);
      } finally {
        await holder.end();
      }
      const after = await runCli(['migrate', 'up'], { env: { DATABASE_URL: db.url } });
      expect(after.code).toBe(0);
    });

    it('a long transaction locking the table: exit 8 (lock timeout), nothing applied; re-run succeeds after it ends', async () => {
      const dir = migrationsCopy({
        '20991231000000_users_nickname.sql':
          '-- Up Migration\nALTER TABLE users ADD COLUMN nickname text;\n-- Down Migration\nALTER TABLE users DROP COLUMN nickname;\n',
      });
      const blocker = await otherSession(db.url, 'long report');
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
        const blocked = await runCli(['migrate', 'up', '--lock-timeout', '1s', '--migrations-dir', dir], { env: { DATABASE_URL: db.url } });
        expect(blocked.code).toBe(8);
        expect(errorLine(blocked.stderr)).toMatch(/20991231000000_users_nickname\.sql: waited longer than lock_timeout for a lock/);
        await blocker.query('ROLLBACK');
      } finally {
        await blocker.end();
      }
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'nickname'`)).rows[0]
          .n,
      ).toBe(0);
      const rerun = await runCli(['migrate', 'up', '--lock-timeout', '1s', '--migrations-dir', dir], { env: { DATABASE_URL: db.url } });
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toMatch(/applied 20991231000000_users_nickname/);
    });
  });

  describe('kill -9 of a migrating process', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ url: serverUrl! });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('a re-run completes: the killed file was rolled back and runs again, exactly once', async () => {
      const dir = migrationsCopy({
        '20991231000000_slow.sql':
          '-- Up Migration\nCREATE TABLE slow_one (id int);\nSELECT pg_sleep(3);\n-- Down Migration\nDROP TABLE slow_one;\n',
      });
      const child = spawn(process.execPath, [BIN, 'migrate', 'up', '--migrations-dir', dir], {
        env: { ...process.env, DATABASE_URL: db.url },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      for (let i = 0; i < 200; i += 1) {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'aegis-db migrate' AND query LIKE '%pg_sleep%'`,
        );
        if (rows[0].n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const rerun = await runCli(['migrate', 'up', '--lock-wait', '30s', '--migrations-dir', dir], { env: { DATABASE_URL: db.url } });
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toMatch(/applied 20991231000000_slow/);
      expect((await appliedCounts(db))['20991231000000_slow']).toBe(1);
    });
  });

  describe('validate, repair, schema diff and doctor as a user runs them', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ url: serverUrl! });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('an edited applied file: validate exits 7 naming it, repair accepts it, validate then passes', async () => {
      const dir = migrationsCopy();
      appendFileSync(join(dir, '20261122000300_users.sql'), '\n-- a reviewed comment\n');
      const env = { DATABASE_URL: db.url };
      const refused = await runCli(['migrate', 'validate', '--migrations-dir', dir], { env });
      expect(refused.code).toBe(7);
      expect(errorLine(refused.stderr)).toMatch(/edited after being applied: 20261122000300_users/);
      const up = await runCli(['migrate', 'up', '--migrations-dir', dir], { env });
      expect(up.code).toBe(7);
      const repaired = await runCli(['migrate', 'repair', '--migrations-dir', dir], { env });
      expect(repaired.code).toBe(0);
      expect(repaired.stdout).toMatch(/accepted 20261122000300_users: checksum [0-9a-f]{12} → [0-9a-f]{12}/);
      expect((await runCli(['migrate', 'validate', '--migrations-dir', dir], { env })).code).toBe(0);
    });

    it('schema diff: 0 on a freshly migrated database, 7 with the difference after a change by hand', async () => {
      const env = { DATABASE_URL: db.url };
      const same = await runCli(['schema', 'diff'], { env });
      expect(same.code).toBe(0);
      await db.query('CREATE INDEX idx_hand_made ON sessions (created_at)');
      const drifted = await runCli(['schema', 'diff'], { env });
      expect(drifted.code).toBe(7);
      expect(drifted.stdout).toMatch(
        /@@ table public\.sessions\n\+ {3}index CREATE INDEX idx_hand_made ON public\.sessions USING btree \(created_at\)/,
      );
      await db.query('DROP INDEX idx_hand_made');
    });

    it('doctor: one ok/warn/fail line per check; an edited applied file fails with exit 7', async () => {
      const dir = migrationsCopy();
      appendFileSync(join(dir, '20261122000300_users.sql'), '\n-- edited once more\n');
      const r = await runCli(['doctor', '--migrations-dir', dir], { env: { DATABASE_URL: db.url } });
      for (const check of [
        'connection',
        'server',
        'extension postgis',
        'extension btree_gist',
        'privileges',
        'pending migrations',
        'unknown migrations',
        'migration lock',
      ]) {
        expect(r.stdout).toMatch(new RegExp(`^ok +${check} `, 'm'));
      }
      expect(r.stdout).toMatch(/^fail modified migrations +edited after being applied .*: 20261122000300_users$/m);
      expect(r.code).toBe(7);
    });
  });
});

describe('aegis-db lint', () => {
  it('passes the shipped migrations', async () => {
    const r = await runCli(['lint']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/migration file\(s\) checked: no problems/);
  });

  it('catches a seeded non-concurrent index on an existing table (human and --json), exit 11', async () => {
    const dir = migrationsCopy({
      '20991231000000_index_users_phone.sql':
        '-- Up Migration\nCREATE INDEX idx_users_phone ON users (phone);\n-- Down Migration\nDROP INDEX idx_users_phone;\n',
    });
    const human = await runCli(['lint', '--migrations-dir', dir]);
    expect(human.code).toBe(11);
    expect(human.stdout).toMatch(/20991231000000_index_users_phone\.sql:2:1: require-concurrent-index-creation /);
    const machine = await runCli(['lint', '--json', '--migrations-dir', dir]);
    expect(machine.code).toBe(11);
    expect(JSON.parse(machine.stdout).violations).toEqual([
      expect.objectContaining({ rule: 'require-concurrent-index-creation', line: 2, source: 'squawk' }),
    ]);
  });
});
