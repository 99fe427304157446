import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { runCli } from '../helpers/cli.js';
import { migrationsDir } from '../helpers/migrations-copy.js';
import { passwordRejectingServer, silentServer, type FakeServer } from '../helpers/fake-servers.js';
import { serverUrl } from '../helpers/engines.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';

/** The first line of stderr that reports the error (the engine note comes before it). */
function errorLine(stderr: string): string {
  return stderr.split('\n').find((line) => line.startsWith('error:')) ?? '';
}

describe('usage errors (exit 2)', () => {
  it('an unknown command', async () => {
    const r = await runCli(['migrat']);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)).toMatch(/^error: unknown command 'migrat'.*see aegis-db --help/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown flag', async () => {
    const r = await runCli(['migrate', 'up', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)).toMatch(/unknown option '--frobnicate'/);
  });

  it('an unknown migrate subcommand', async () => {
    const r = await runCli(['migrate', 'sideways']);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)).toMatch(/unknown migrate command "sideways"/);
  });
});

describe('configuration errors (exit 3)', () => {
  it('a malformed URL, with the password redacted', async () => {
    const r = await runCli(['migrate', 'status'], { env: { DATABASE_URL: 'mysql://admin:hunter2@db:3306/x' } });
    expect(r.code).toBe(3);
    expect(errorLine(r.stderr)).toMatch(
      /DATABASE_URL "mysql:\/\/admin:\*\*\*@db:3306\/x" has scheme "mysql:" but must start with postgres:\/\//,
    );
    expect(r.stderr).not.toContain('hunter2');
  });

  it('a missing migrations folder', async () => {
    const r = await runCli(['migrate', '--memory', '--migrations-dir', '/no/such/dir']);
    expect(r.code).toBe(3);
    expect(errorLine(r.stderr)).toMatch(/migrations folder \/no\/such\/dir does not exist .*--migrations-dir/);
  });

  it('a migration without a Down section', async () => {
    const dir = migrationsDir({ '20260101000000_one.sql': '-- Up Migration\nCREATE TABLE one (id int);\n' });
    const r = await runCli(['migrate', '--memory', '--migrations-dir', dir]);
    expect(r.code).toBe(3);
    expect(errorLine(r.stderr)).toMatch(/20260101000000_one\.sql: no "-- Down Migration" section/);
  });

  it('a migration with an unparseable name', async () => {
    const dir = migrationsDir({ 'create-users.sql': '-- Up Migration\nSELECT 1;\n-- Down Migration\nSELECT 1;\n' });
    const r = await runCli(['migrate', '--memory', '--migrations-dir', dir]);
    expect(r.code).toBe(3);
    expect(errorLine(r.stderr)).toMatch(/create-users\.sql: cannot parse the migration file name .*YYYYMMDDHHMMSS_snake_case_name\.sql/);
  });
});

describe('connection errors (exit 4)', () => {
  let silent: FakeServer;
  let rejecting: FakeServer;
  beforeAll(async () => {
    silent = await silentServer();
    rejecting = await passwordRejectingServer();
  });
  afterAll(async () => {
    await silent.close();
    await rejecting.close();
  });

  it('a host that refuses connections', async () => {
    const r = await runCli(['migrate', 'status'], { env: { DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:1/x' } });
    expect(r.code).toBe(4);
    expect(errorLine(r.stderr)).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\).*docker compose up -d/);
    expect(r.stderr).not.toContain(':pw@');
  });

  it('a host that never answers gives up after the connect timeout instead of hanging', async () => {
    const r = await runCli(['migrate', 'status'], {
      env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${silent.port}/x`, AEGIS_CONNECT_TIMEOUT: '1s' },
    });
    expect(r.code).toBe(4);
    expect(errorLine(r.stderr)).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:\d+ \(timed out\)/);
  });

  it('a wrong password', async () => {
    const r = await runCli(['migrate', 'status'], { env: { DATABASE_URL: `postgres://postgres:wrong-pw@127.0.0.1:${rejecting.port}/x` } });
    expect(r.code).toBe(4);
    expect(errorLine(r.stderr)).toMatch(/authentication failed for user "postgres" at 127\.0\.0\.1:\d+ — check the user and password/);
    expect(r.stderr).not.toContain('wrong-pw');
  });

  it.skipIf(!serverUrl)('a database that does not exist (needs AEGIS_TEST_DATABASE_URL)', async () => {
    const url = new URL(serverUrl!);
    url.pathname = '/aegis_no_such_database';
    const r = await runCli(['migrate', 'status'], { env: { DATABASE_URL: url.toString() } });
    expect(r.code).toBe(4);
    expect(errorLine(r.stderr)).toMatch(/database "aegis_no_such_database" does not exist .*createdb/);
  });
});

describe('server prerequisites (exit 5)', () => {
  it('PostGIS not installed: a PostgreSQL without the extension', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create();
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    try {
      const r = await runCli(['migrate'], { env: { DATABASE_URL: `postgres://postgres@${server.getServerConn()}/postgres` } });
      expect(r.code).toBe(5);
      expect(errorLine(r.stderr)).toMatch(
        /the server has no "postgis" extension installed — install postgresql-15-postgis-3 .*docker compose up -d/,
      );
    } finally {
      await server.stop();
      await db.close();
    }
  });

  describe.skipIf(!serverUrl)('on a server (needs AEGIS_TEST_DATABASE_URL)', () => {
    let scratch: TestDatabase;
    const role = 'aegis_e2e_no_extensions';
    beforeAll(async () => {
      scratch = await createTestDatabase({ url: serverUrl!, migrate: false });
      await scratch.query(
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF; END $$`,
      );
      await scratch.query(`GRANT ALL ON SCHEMA public TO ${role}`);
      await scratch.query(`GRANT CREATE ON DATABASE ${new URL(scratch.url).pathname.slice(1)} TO ${role}`);
    });
    afterAll(async () => {
      await scratch?.close();
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
      await admin.end();
    });

    it('a role that may not create extensions', async () => {
      const url = new URL(scratch.url);
      url.username = role;
      const r = await runCli(['migrate'], { env: { DATABASE_URL: url.toString() } });
      expect(r.code).toBe(5);
      expect(errorLine(r.stderr)).toMatch(
        /this role may not create extensions: permission denied to create extension "postgis" — ask a superuser/,
      );
    });
  });
});

describe('migration failures (exit 6)', () => {
  it('names the file, line and column, shows the line, and keeps earlier files applied', async () => {
    const dir = migrationsDir({
      '20260101000000_one.sql': '-- Up Migration\nCREATE TABLE one (id int);\n-- Down Migration\nDROP TABLE one;\n',
      '20260101000001_two.sql':
        '-- Up Migration\nCREATE TABLE two (start_time timestamptz);\nSELECT strat_time\n  FROM two;\n-- Down Migration\nDROP TABLE two;\n',
    });
    const r = await runCli(['migrate', '--memory', '--migrations-dir', dir]);
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(/✔ applied 20260101000000_one/);
    expect(r.stdout).toMatch(/✘ failed\s+20260101000001_two/);
    expect(errorLine(r.stderr)).toMatch(/20260101000001_two\.sql:3:8: column "strat_time" does not exist \(SQLSTATE 42703\)/);
    expect(r.stderr).toContain('> 3 | SELECT strat_time\n    |        ^');
  });
});
