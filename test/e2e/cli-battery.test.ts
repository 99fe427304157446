import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { BIN, runCli, type CliResult } from '../helpers/cli.js';
import { migrationsCopy, migrationsDir } from '../helpers/migrations-copy.js';
import { MIGRATIONS_DIR, serverUrl } from '../helpers/engines.js';
import { migrate } from '../../src/migrations/migrate.js';
import { databaseTarget } from '../../src/database/target.js';

/**
 * Bad input, faults and privileges, as a new user meets them: each case runs the built CLI and asserts its
 * exact exit code and the one line that says what to do. Cases that need no database run first and in
 * parallel; server cases get a database of their own (a copy of one migrated template); embedded cases use
 * --memory.
 */

const ok = '-- Up Migration\nCREATE TABLE t (id int);\n-- Down Migration\nDROP TABLE t;\n';
const pendingCount = readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.sql')).length;
const cwd = mkdtempSync(join(tmpdir(), 'aegis-battery-'));
const SECRETS = ['hunter2', 'p@ss', 's3cret', 'my pw'];

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string | undefined>;
  code: number;
  /** The error (or note) line on stderr. */
  stderr?: RegExp;
  stdout?: RegExp;
  /** Text that must appear nowhere in the output. */
  absent?: string[];
}

function check(r: CliResult, c: Pick<Case, 'code' | 'stderr' | 'stdout' | 'absent'>): void {
  const both = `${r.stdout}\n${r.stderr}`;
  expect(r.code, both).toBe(c.code);
  if (c.stderr) expect(r.stderr).toMatch(c.stderr);
  if (c.stdout) expect(r.stdout).toMatch(c.stdout);
  expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  for (const text of [...SECRETS, ...(c.absent ?? [])]) expect(both).not.toContain(text);
}

function folderWith(make: (dir: string) => void): string {
  const dir = migrationsDir({ '20260101000000_one.sql': ok });
  make(dir);
  return dir;
}

const longName = 'a'.repeat(300);

/** Cases that fail (or finish) before any database is opened. */
const NO_DATABASE: Case[] = [
  // usage (2)
  { name: 'unknown command', args: ['migrat'], code: 2, stderr: /^error: unknown command 'migrat'.*see aegis-db --help/m },
  { name: 'unknown flag', args: ['migrate', 'up', '--frobnicate'], code: 2, stderr: /unknown option '--frobnicate'/ },
  { name: 'unknown migrate subcommand', args: ['migrate', 'sideways'], code: 2, stderr: /unknown migrate command "sideways"/ },
  { name: '--help', args: ['--help'], code: 0, stdout: /Exit codes:/ },
  { name: '--version', args: ['--version'], code: 0, stdout: /^\d+\.\d+\.\d+/ },
  {
    name: 'bad --count',
    args: ['migrate', 'up', '--memory', '--count', 'two'],
    code: 2,
    stderr: /--count must be a positive whole number, not "two"/,
  },
  {
    name: '--memory with --data-dir',
    args: ['migrate', '--memory', '--data-dir', 'x'],
    code: 2,
    stderr: /--memory keeps nothing on disk and cannot be combined with --data-dir/,
  },
  {
    name: '--memory with a server URL',
    args: ['migrate', '--memory'],
    env: { DATABASE_URL: 'postgres://u@127.0.0.1:1/x' },
    code: 2,
    stderr: /--memory selects the embedded database/,
  },
  {
    name: '--lock-timeout 0',
    args: ['migrate', '--memory', '--lock-timeout', '0'],
    code: 2,
    stderr: /--lock-timeout 0 would let a lock wait forever/,
  },
  {
    name: 'AEGIS_LOCK_TIMEOUT=0',
    args: ['migrate', '--memory'],
    env: { AEGIS_LOCK_TIMEOUT: '0s' },
    code: 2,
    stderr: /AEGIS_LOCK_TIMEOUT 0 would let a lock wait forever/,
  },
  {
    name: 'retention --lock-timeout 0',
    args: ['retention', '--memory', '--lock-timeout', '0'],
    code: 2,
    stderr: /--lock-timeout 0 would let a lock wait forever/,
  },
  {
    name: 'a duration without meaning',
    args: ['migrate', '--memory', '--lock-wait', 'soon'],
    code: 2,
    stderr: /--lock-wait must be a duration like 500ms/,
  },
  {
    name: 'a duration past 2^31 ms',
    args: ['migrate', '--memory', '--lock-wait', '9999999999'],
    code: 2,
    stderr: /--lock-wait must be at most 2147483647ms/,
  },
  {
    name: 'migrate create, a 300-character name',
    args: ['migrate', 'create', longName, '--migrations-dir', migrationsDir({})],
    code: 2,
    stderr: /the migration name is 300 characters long; at most 100/,
  },
  {
    name: 'migrate create, an unusable name',
    args: ['migrate', 'create', 'drop;table', '--migrations-dir', migrationsDir({})],
    code: 2,
    stderr: /"drop;table" is not a usable migration name/,
  },
  {
    name: 'seed --anchor 2026-02-30',
    args: ['seed', '--memory', '--anchor', '2026-02-30'],
    code: 2,
    stderr: /--anchor must be a date YYYY-MM-DD .*not "2026-02-30" \(no such day\)/,
  },
  {
    name: 'seed --anchor 0001-01-01',
    args: ['seed', '--memory', '--anchor', '0001-01-01'],
    code: 2,
    stderr: /not "0001-01-01" \(out of range\)/,
  },
  {
    name: 'seed --anchor 9999-12-31',
    args: ['seed', '--memory', '--anchor', '9999-12-31'],
    code: 2,
    stderr: /not "9999-12-31" \(out of range\)/,
  },
  {
    name: 'seed --anchor yesterday',
    args: ['seed', '--memory', '--anchor', 'yesterday'],
    code: 2,
    stderr: /--anchor must be a date YYYY-MM-DD/,
  },
  { name: 'seed --profile huge', args: ['seed', '--profile', 'huge'], code: 2, stderr: /--profile must be demo or load, not "huge"/ },
  { name: 'seed --scale 0', args: ['seed', '--profile', 'load', '--scale', '0'], code: 2, stderr: /--scale must be a number above 0/ },
  {
    name: 'seed --scale with the demo profile',
    args: ['seed', '--scale', '1'],
    code: 2,
    stderr: /--scale applies to the load profile only/,
  },
  { name: 'seed --seed -1', args: ['seed', '--seed=-1'], code: 2, stderr: /--seed must be a whole number >= 0/ },
  {
    name: 'retention --location-days 0',
    args: ['retention', '--location-days', '0'],
    code: 2,
    stderr: /--location-days must be a whole number of days from 1 to 36500, not "0"/,
  },
  {
    name: 'retention --location-days 36501',
    args: ['retention', '--location-days', '36501'],
    code: 2,
    stderr: /from 1 to 36500, not "36501"/,
  },
  {
    name: 'retention --inactive-days abc',
    args: ['retention', '--inactive-days', 'abc'],
    code: 2,
    stderr: /--inactive-days must be a whole number of days/,
  },
  {
    name: 'dev with a server URL',
    args: ['dev'],
    env: { DATABASE_URL: 'postgres://u@127.0.0.1:1/x' },
    code: 2,
    stderr: /dev serves the embedded database and cannot use DATABASE_URL/,
  },
  { name: 'dev --memory', args: ['dev', '--memory'], code: 2, stderr: /cannot be combined with --memory/ },
  {
    name: 'dev --port 70000',
    args: ['dev', '--port', '70000', '--data-dir', join(cwd, 'dev-bad-port')],
    code: 2,
    stderr: /--port must be a port number \(0-65535\)/,
  },
  {
    name: 'migrate plan --format xml',
    args: ['migrate', 'plan', '--format', 'xml'],
    code: 2,
    stderr: /--format must be table, markdown or json/,
  },
  {
    name: 'migrate plan --trace-on mars',
    args: ['migrate', 'plan', '--trace-on', 'mars'],
    code: 2,
    stderr: /--trace-on must be embedded or server/,
  },
  {
    name: 'migrate plan --trace-on server on the embedded engine',
    args: ['migrate', 'plan', '--trace-on', 'server'],
    code: 2,
    stderr: /--trace-on server needs a PostgreSQL server target/,
  },
  // configuration (3)
  {
    name: 'a URL of another scheme',
    args: ['migrate', 'status'],
    env: { DATABASE_URL: 'mysql://admin:hunter2@db:3306/x' },
    code: 3,
    stderr: /DATABASE_URL "mysql:\/\/admin:\*\*\*@db:3306\/x" has scheme "mysql:"/,
  },
  {
    name: 'a URL naming no database',
    args: ['doctor'],
    env: { DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:5432' },
    code: 3,
    stderr: /DATABASE_URL "postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432" names no database/,
  },
  {
    name: 'a URL naming no database (trailing slash)',
    args: ['doctor', '--database-url', 'postgres://u@127.0.0.1:5432/'],
    code: 3,
    stderr: /--database-url ".*" names no database/,
  },
  { name: 'not a URL', args: ['migrate', 'status'], env: { DATABASE_URL: 'localhost' }, code: 3, stderr: /is not a URL/ },
  {
    name: 'a missing migrations folder',
    args: ['migrate', '--memory', '--migrations-dir', join(cwd, 'no-such-dir')],
    code: 3,
    stderr: /migrations folder .*no-such-dir does not exist/,
  },
  {
    name: 'a folder inside the migrations folder',
    args: ['migrate', '--memory', '--migrations-dir', folderWith((d) => mkdirSync(join(d, '20260101000001_sub.sql')))],
    code: 3,
    stderr: /20260101000001_sub\.sql is a folder, not a migration file/,
  },
  {
    name: 'a symlink loop in the migrations folder',
    args: [
      'migrate',
      '--memory',
      '--migrations-dir',
      folderWith((d) => symlinkSync(join(d, '20260101000001_l.sql'), join(d, '20260101000001_l.sql'))),
    ],
    code: 3,
    stderr: /20260101000001_l\.sql is a symbolic link loop/,
  },
  {
    name: 'a dangling symlink in the migrations folder',
    args: [
      'migrate',
      'down',
      '--memory',
      '--migrations-dir',
      folderWith((d) => symlinkSync(join(d, 'gone'), join(d, '20260101000001_g.sql'))),
    ],
    code: 3,
    stderr: /20260101000001_g\.sql is a symbolic link to nothing/,
  },
  {
    name: 'a migration without a Down section',
    args: ['migrate', '--memory', '--migrations-dir', migrationsDir({ '20260101000000_one.sql': '-- Up Migration\nSELECT 1;\n' })],
    code: 3,
    stderr: /no "-- Down Migration" section/,
  },
  {
    name: 'a migration with an unparseable name',
    args: ['migrate', '--memory', '--migrations-dir', migrationsDir({ 'create-users.sql': ok })],
    code: 3,
    stderr: /cannot parse the migration file name/,
  },
  // connection (4), with every password shape redacted from the engine line and the error
  {
    name: 'refused connection, password in the userinfo',
    args: ['migrate', 'status'],
    env: { DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/x' },
    code: 4,
    stderr: /engine: server postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x\n[^]*cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/,
  },
  {
    name: 'refused connection, a raw @ in the password',
    args: ['doctor', '--json'],
    env: { DATABASE_URL: 'postgres://postgres:p@ss@127.0.0.1:1/x' },
    code: 4,
    stderr: /engine: server postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x/,
    stdout: /"status": "fail"/,
  },
  {
    name: 'refused connection, ?password= in the query',
    args: ['migrate', 'status', '--json'],
    env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x?password=s3cret' },
    code: 4,
    stderr: /password=\*\*\*/,
  },
  {
    name: 'refused connection, a space in the password',
    args: ['migrate', 'status'],
    env: { DATABASE_URL: 'postgres://postgres:my pw@127.0.0.1:1/x' },
    code: 4,
    stderr: /postgres:\*\*\*@127\.0\.0\.1:1/,
  },
];

describe.concurrent('battery: no database needed', () => {
  it.each(NO_DATABASE)('$name → exit $code', async (c) => {
    check(await runCli(c.args, { cwd, env: c.env }), c);
  });

  it('migrate create twice in a row (the first template still empty) → exit 0, exit 0, two files', async () => {
    const dir = migrationsDir({});
    check(await runCli(['migrate', 'create', 'first', '--migrations-dir', dir], { cwd }), { code: 0, stdout: /Created .*_first\.sql/ });
    check(await runCli(['migrate', 'create', 'first', '--migrations-dir', dir], { cwd }), { code: 0, stdout: /Created .*_first\.sql/ });
    const files = readdirSync(dir);
    expect(files).toHaveLength(2);
    expect(new Set(files.map((name) => name.slice(0, 14))).size).toBe(2);
  });

  it('dev on a port already in use → exit 2, no data dir left behind', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const dataDir = join(cwd, `dev-busy-${port}`);
    try {
      check(await runCli(['dev', '--port', String(port), '--data-dir', dataDir], { cwd }), {
        code: 2,
        stderr: new RegExp(`cannot serve the embedded database on 127\\.0\\.0\\.1:${port}: EADDRINUSE — choose another --port`),
      });
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      busy.close();
    }
  });

  it('output to a reader that went away (| head) → the command still exits 0', async () => {
    const dir = migrationsDir({});
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'migrate', 'create', 'piped', '--migrations-dir', dir], {
        cwd,
        env: { ...process.env, DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (exit) => {
        expect(stderr).not.toMatch(/EPIPE|Unhandled/);
        resolve(exit);
      });
    });
    expect(code).toBe(0);
  });
});

describe.concurrent('battery: embedded engine (--memory)', () => {
  const unmigrated = new RegExp(
    `it is not migrated; ${pendingCount} pending migration\\(s\\): 20261122000100_extensions.*run aegis-db migrate first`,
  );
  it.each<Case>([
    {
      name: 'privacy export on an unmigrated database',
      args: ['privacy', 'export', 'a@b.c', '--memory'],
      code: 9,
      stderr: new RegExp(`refusing to export a user from database "postgres": ${unmigrated.source}`),
    },
    { name: 'migrate redo on an empty database', args: ['migrate', 'redo', '--memory'], code: 0, stdout: /^Nothing to revert\.\n$/ },
  ])('$name → exit $code', async (c) => {
    // The embedded engine starts in this process's turn; on a loaded machine the first connection can take a while.
    check(await runCli(c.args, { cwd, env: { AEGIS_CONNECT_TIMEOUT: '120s', ...c.env } }), c);
  });
});

describe.skipIf(!serverUrl)('battery: PostgreSQL server (a database per case)', () => {
  const prefix = `aegis_battery_${process.pid}`;
  const template = `${prefix}_tpl`;
  const created: string[] = [];
  let admin: pg.Pool;
  let creating = Promise.resolve();
  const urlOf = (name: string) => {
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: serverUrl, max: 2 });
    await admin.query(`CREATE DATABASE ${template}`);
    created.push(template);
    const result = await migrate({ target: databaseTarget(urlOf(template)), migrationsDir: MIGRATIONS_DIR, direction: 'up' });
    if (result.error) throw result.error;
  });

  afterAll(async () => {
    for (const name of created.reverse()) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin?.end();
  });

  /** A database of its own: a copy of the migrated template, or empty. Creations are serialized (a template admits one copier). */
  async function database(
    kind: 'migrated' | 'empty',
    sql: string[] = [],
  ): Promise<{ name: string; url: string; query: (text: string) => Promise<pg.QueryResult> }> {
    const name = `${prefix}_${created.length}`;
    created.push(name);
    const step = creating.then(() => admin.query(`CREATE DATABASE ${name}${kind === 'migrated' ? ` TEMPLATE ${template}` : ''}`));
    creating = step.then(
      () => undefined,
      () => undefined,
    );
    await step;
    const url = urlOf(name);
    const query = async (text: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await client.query(text);
      } finally {
        await client.end();
      }
    };
    for (const text of sql) await query(text.replaceAll('$DB', name));
    return { name, url, query };
  }

  const MARK_PRODUCTION = `ALTER DATABASE $DB SET aegis.environment = 'production'`;

  interface ServerCase extends Case {
    db: 'migrated' | 'empty';
    sql?: string[];
    /** Checks the database afterwards. */
    after?: (db: Awaited<ReturnType<typeof database>>) => Promise<void>;
  }

  const appliedCount = async (db: Awaited<ReturnType<typeof database>>) =>
    Number((await db.query('SELECT count(*) AS n FROM aegis_meta.migrations')).rows[0].n);

  const CASES: ServerCase[] = [
    {
      name: 'privacy export on an unmigrated database',
      db: 'empty',
      args: ['privacy', 'export', 'a@b.c'],
      code: 9,
      stderr: new RegExp(`refusing to export a user from database "${prefix}_\\d+": it is not migrated; ${pendingCount} pending`),
    },
    {
      name: 'privacy forget on an unmigrated database',
      db: 'empty',
      args: ['privacy', 'forget', 'a@b.c'],
      code: 9,
      stderr: /refusing to forget a user in database ".*": it is not migrated/,
    },
    {
      name: 'retention on an unmigrated database',
      db: 'empty',
      args: ['retention'],
      code: 9,
      stderr: /refusing to run retention on database ".*": it is not migrated/,
    },
    {
      name: 'seed on an unmigrated database',
      db: 'empty',
      args: ['seed'],
      code: 9,
      stderr: /refusing to seed database ".*": it is not migrated/,
    },
    {
      name: 'migrate redo on an empty database applies nothing',
      db: 'empty',
      args: ['migrate', 'redo'],
      code: 0,
      stdout: /^Nothing to revert\.\n$/,
      after: async (db) => expect((await db.query(`SELECT to_regclass('public.users') AS t`)).rows[0].t).toBeNull(),
    },
    {
      name: 'migrate redo on a migrated database',
      db: 'migrated',
      args: ['migrate', 'redo'],
      code: 0,
      stdout: /reverted .*\n.*applied /,
      after: async (db) => expect(await appliedCount(db)).toBe(pendingCount),
    },
    {
      name: 'migrate down --to 0 on a database marked production',
      db: 'migrated',
      sql: [MARK_PRODUCTION],
      args: ['migrate', 'down', '--to', '0'],
      code: 9,
      stderr: new RegExp(`refusing to revert ${pendingCount} migration\\(s\\) on database ".*": it is marked as production .*--force`),
      after: async (db) => expect(await appliedCount(db)).toBe(pendingCount),
    },
    {
      name: 'migrate redo on a database marked production',
      db: 'migrated',
      sql: [MARK_PRODUCTION],
      args: ['migrate', 'redo'],
      code: 9,
      stderr: /marked as production/,
    },
    {
      name: 'migrate down --dry-run on a database marked production',
      db: 'migrated',
      sql: [MARK_PRODUCTION],
      args: ['migrate', 'down', '--dry-run'],
      code: 0,
      stdout: /Dry run: 1 migration\(s\) would be reverted/,
    },
    {
      name: 'migrate down --force on a database marked production',
      db: 'migrated',
      sql: [MARK_PRODUCTION],
      args: ['migrate', 'down', '--force'],
      code: 0,
      stdout: /1 migration\(s\) reverted/,
      after: async (db) => expect(await appliedCount(db)).toBe(pendingCount - 1),
    },
    { name: 'migrate up on a migrated database', db: 'migrated', args: ['migrate', 'up'], code: 0, stdout: /Already up to date/ },
    {
      name: 'migrate --to naming no migration',
      db: 'migrated',
      args: ['migrate', 'up', '--to', 'nope'],
      code: 2,
      stderr: /--to nope names no migration/,
    },
    { name: 'retention --location-days 400', db: 'migrated', args: ['retention', '--location-days', '400'], code: 0, stdout: /Done in/ },
    {
      name: 'retention --location-days 400 --dry-run',
      db: 'migrated',
      args: ['retention', '--location-days', '400', '--dry-run'],
      code: 0,
      stdout: /Dry run: nothing was changed/,
    },
    {
      name: 'privacy export of an unknown user',
      db: 'migrated',
      args: ['privacy', 'export', 'nobody@example.com'],
      code: 10,
      stderr: /nobody@example\.com/,
    },
    {
      name: "seed --reset leaves a service's own table alone and names what it empties",
      db: 'migrated',
      sql: ['CREATE TABLE svc_notes (id int)', 'INSERT INTO svc_notes SELECT generate_series(1, 100)'],
      args: ['seed', '--reset'],
      code: 0,
      stderr:
        /reset: emptied aegis-db's 7 tables \(users, guard_profiles, jobs, job_status_history, location_history, payments, sessions\)/,
      after: async (db) => expect(Number((await db.query('SELECT count(*) AS n FROM svc_notes')).rows[0].n)).toBe(100),
    },
    {
      name: "seed --reset refuses when a service's table references aegis-db's",
      db: 'migrated',
      sql: ['CREATE TABLE svc_orders (id int, user_id uuid REFERENCES users (id))', 'INSERT INTO svc_orders VALUES (1, NULL)'],
      args: ['seed', '--reset'],
      code: 9,
      stderr: /refusing to reset: .*\(public\.svc_orders → users\); nothing was emptied/,
      after: async (db) => expect(Number((await db.query('SELECT count(*) AS n FROM svc_orders')).rows[0].n)).toBe(1),
    },
    {
      name: 'doctor names the database and role it checked',
      db: 'migrated',
      args: ['doctor'],
      code: 0,
      stdout: /ok +connection +server .*: database "aegis_battery_\d+_\d+" as role "/,
    },
    {
      name: 'sslmode=require against a server without SSL',
      db: 'migrated',
      args: ['migrate', 'status'],
      code: 4,
      stderr: /error: 127\.0\.0\.1:5432 does not accept SSL connections.*drop sslmode/,
      absent: ['SECURITY WARNING'],
    },
    { name: 'doctor --json with a raw @ in the password', db: 'migrated', args: ['doctor', '--json'], code: 0, stdout: /postgres:\*\*\*@/ },
  ];

  /** Cases whose URL carries something more than the database. */
  const urlFor = (c: ServerCase, url: string) => {
    if (c.name.startsWith('sslmode')) return `${url}?sslmode=require`;
    if (c.name.includes('raw @')) return url.replace('://postgres@', '://postgres:p@ss@');
    return url;
  };

  describe.concurrent('cases', () => {
    it.each(CASES)('$name → exit $code', async (c) => {
      const db = await database(c.db, c.sql);
      check(await runCli(c.args, { cwd, env: { DATABASE_URL: urlFor(c, db.url) } }), c);
      await c.after?.(db);
    });

    it('a migration checked out with CRLF line endings still matches its recorded checksum → exit 0', async () => {
      const db = await database('migrated');
      const dir = migrationsCopy();
      const file = readdirSync(dir).filter((name) => name.endsWith('.sql'))[2]!;
      writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(/\n/g, '\r\n'));
      check(await runCli(['migrate', 'validate', '--migrations-dir', dir], { cwd, env: { DATABASE_URL: db.url } }), {
        code: 0,
        stdout: new RegExp(`All ${pendingCount} applied migration\\(s\\) match their files`),
      });
      check(await runCli(['migrate', 'up', '--migrations-dir', dir], { cwd, env: { DATABASE_URL: db.url } }), {
        code: 0,
        stdout: /Already up to date/,
      });
    });

    /** `migrate` over the shipped files plus one that sleeps, interrupted with `signals` SIGINTs once the sleep runs. */
    async function interruptedMigrate(signals: number): Promise<{ result: CliResult; db: Awaited<ReturnType<typeof database>> }> {
      const db = await database('migrated');
      const dir = migrationsCopy({ '20991231000000_sleep.sql': '-- Up Migration\nSELECT pg_sleep(60);\n-- Down Migration\nSELECT 1;\n' });
      const started = performance.now();
      const child = spawn(process.execPath, [BIN, 'migrate', '--migrations-dir', dir], {
        cwd,
        env: { ...process.env, DATABASE_URL: db.url, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      const sleeping = `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = '${db.name}' AND state = 'active' AND query LIKE '%pg_sleep(60)%'`;
      while (Number((await admin.query(sleeping)).rows[0].n) === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < signals; i += 1) child.kill('SIGINT');
      const code = await closed;
      return { result: { code, stdout, stderr, ms: performance.now() - started }, db };
    }

    const lockHeld = async (name: string) =>
      Number(
        (
          await admin.query(
            `SELECT count(*) AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1`,
            [name],
          )
        ).rows[0].n,
      );

    it('Ctrl-C during migrate up on a server: the statement is cancelled, the lock released, the file named → exit 130', async () => {
      const { result, db } = await interruptedMigrate(1);
      check(result, {
        code: 130,
        stderr:
          /error: interrupted while applying 20991231000000_sleep\.sql: its statement was cancelled and its transaction rolled back; 0 migration\(s\) before it stay applied; the migration lock is released/,
      });
      expect(await lockHeld(db.name)).toBe(0);
      const running = await admin.query(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep(60)%' AND state = 'active'`,
        [db.name],
      );
      expect(Number(running.rows[0].n)).toBe(0);
      expect(await appliedCount(db)).toBe(pendingCount);
    });

    it('a second Ctrl-C quits at once → exit 130', async () => {
      const { result } = await interruptedMigrate(2);
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/interrupted/);
    });

    it('an edited migration is still integrity drift → exit 7', async () => {
      const db = await database('migrated');
      const dir = migrationsCopy();
      const file = readdirSync(dir).filter((name) => name.endsWith('.sql'))[2]!;
      writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8') + '\n-- edited\n');
      check(await runCli(['migrate', 'validate', '--migrations-dir', dir], { cwd, env: { DATABASE_URL: db.url } }), {
        code: 7,
        stderr: /edited after being applied/,
      });
    });
  });
});
