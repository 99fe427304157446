import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { migrationsDir } from '../helpers/migrations-copy.js';

/** The embedded engine beside other processes: one opener per data dir, the migration lock, busy waits, dumps. */

interface DevProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string | undefined;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const root = mkdtempSync(join(tmpdir(), 'aegis-embedded-'));
const migrations = migrationsDir({
  '20260101000100_runs_log.sql': `-- Up Migration\nCREATE TABLE runs_log (id serial PRIMARY KEY, note text NOT NULL);\n\n-- Down Migration\nDROP TABLE runs_log;\n`,
});
const started: DevProcess[] = [];

/** Starts `aegis-db dev`; resolves when it prints DATABASE_URL or exits. */
function dev(dataDir: string, extra: string[] = []): Promise<DevProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [BIN, '--data-dir', dataDir, '--migrations-dir', migrations, 'dev', '--port', '0', '--no-seed', ...extra],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const process_: DevProcess = { child, url: undefined, stdout: () => stdout, stderr: () => stderr, exited };
  started.push(process_);
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /^DATABASE_URL=(\S+)$/m.exec(stdout)?.[1];
      if (url && !process_.url) {
        process_.url = url;
        resolve(process_);
      }
    });
    void exited.then(() => resolve(process_));
  });
}

/** Ctrl-C; a dev that has not exited 30 s later is killed, so a wedged engine cannot outlive the suite. */
async function stop(running: DevProcess): Promise<void> {
  if (running.child.exitCode === null) running.child.kill('SIGINT');
  const killer = setTimeout(() => running.child.kill('SIGKILL'), 30_000);
  await running.exited;
  clearTimeout(killer);
}

async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Runs the CLI into a shell pipe whose reader starts two seconds late (`aegis-db dump | (sleep 2; cat)`): a
 * real pipe holds 64 KiB, so the CLI's writes queue and must reach the reader before it exits.
 */
function slowlyRead(args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.DATABASE_URL;
  const command = [process.execPath, BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('sh', ['-c', `${command} | (sleep 2; cat)`], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  return new Promise((resolve) => child.on('close', () => resolve(stdout)));
}

const cli = (dataDir: string, args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(['--data-dir', dataDir, '--migrations-dir', migrations, ...args], { env });

afterAll(async () => {
  await Promise.all(started.map(stop));
  rmSync(root, { recursive: true, force: true });
  rmSync(migrations, { recursive: true, force: true });
});

/** PGlite's first start on a new data dir is slow on a loaded machine: every test shares one data dir, in order. */
const dataDir = join(root, 'pgdata');
const SLOW = 600_000;
let served: DevProcess | undefined;

describe('a data directory is opened by one process at a time', () => {
  it(
    'two dev started together: exactly one serves, the other exits 9 naming it',
    async () => {
      const [a, b] = await Promise.all([dev(dataDir), dev(dataDir)]);
      const serving = [a!, b!].filter((p) => p.url);
      const refused = [a!, b!].filter((p) => !p.url);
      expect(serving).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(await refused[0]!.exited).toBe(9);
      expect(refused[0]!.stderr()).toContain(`already open in process ${serving[0]!.child.pid} (aegis-db dev`);
      // What the survivor writes is there after a restart: nobody else had the directory open.
      await query(serving[0]!.url!, `INSERT INTO runs_log (note) SELECT 'row ' || g FROM generate_series(1, 1000) g`);
      await stop(serving[0]!);
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
    },
    SLOW,
  );

  it(
    'after kill -9 of dev, the next start takes over at once (the dead holder does not count)',
    async () => {
      const first = await dev(dataDir);
      expect(first.url, first.stderr()).toBeDefined();
      expect(await query(first.url!, 'SELECT count(*)::int AS n FROM runs_log')).toEqual([{ n: 1000 }]);
      await query(first.url!, `DELETE FROM runs_log; INSERT INTO runs_log (note) VALUES ('before kill')`);
      first.child.kill('SIGKILL');
      await first.exited;
      expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).pid).toBe(first.child.pid);
      // Long enough for a CLI process to start on a loaded machine before the idle transaction is ended.
      served = await dev(dataDir, ['--idle-transaction-timeout', '15s']);
      expect(served.url, served.stderr()).toBeDefined();
      expect(await query(served.url!, 'SELECT note FROM runs_log')).toEqual([{ note: 'before kill' }]);
    },
    SLOW,
  );

  it(
    'a command on a data dir served by dev uses that server',
    async () => {
      const status = await cli(dataDir, ['migrate', 'status']);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stderr).toContain(`served by aegis-db dev pid ${served!.child.pid}`);
    },
    SLOW,
  );
});

describe('the migration lock on a dev server', () => {
  it(
    'several concurrent migrate up apply a non-idempotent migration exactly once',
    async () => {
      // Not idempotent: a second run fails on CREATE TABLE and would add a second row.
      writeFileSync(
        join(migrations, '20260101000200_once_only.sql'),
        `-- Up Migration\nCREATE TABLE once_only (id int);\nINSERT INTO runs_log (note) VALUES ('once_only applied');\n\n-- Down Migration\nDROP TABLE once_only;\nDELETE FROM runs_log WHERE note = 'once_only applied';\n`,
      );
      const runs = await Promise.all([
        cli(dataDir, ['migrate', 'up']),
        cli(dataDir, ['migrate', 'up']),
        runCli(['--migrations-dir', migrations, 'migrate', 'up'], { env: { DATABASE_URL: served!.url } }),
        runCli(['--migrations-dir', migrations, 'migrate', 'up'], { env: { DATABASE_URL: served!.url } }),
      ]);
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      expect(await query(served!.url!, `SELECT count(*)::int AS n FROM runs_log WHERE note = 'once_only applied'`)).toEqual([{ n: 1 }]);
      expect(
        await query(served!.url!, `SELECT count(*)::int AS n FROM aegis_meta.migrations WHERE name = '20260101000200_once_only'`),
      ).toEqual([{ n: 1 }]);
    },
    SLOW,
  );
});

describe('a command waiting on a busy dev server', () => {
  it(
    'says the embedded database is busy and why, then runs once the idle transaction is ended (25P03)',
    async () => {
      const holder = new pg.Client({ connectionString: served!.url, application_name: 'forgotten psql' });
      const ended = new Promise<string | undefined>((resolve) => holder.on('error', (error) => resolve((error as { code?: string }).code)));
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT count(*) FROM runs_log');
      const status = await cli(dataDir, ['migrate', 'status']);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stderr).toMatch(
        /warning: the embedded database is busy: client #\d+ \(forgotten psql\) holds an open transaction since/,
      );
      expect(await ended).toBe('25P03');
      expect(served!.stderr()).toMatch(/ended client #\d+ \(forgotten psql\): terminating connection due to idle-in-transaction timeout/);
    },
    SLOW,
  );
});

describe('aegis-db dump', () => {
  it(
    'dumps the embedded database served by dev and stopped, schema only or with data',
    async () => {
      const schemaServed = await cli(dataDir, ['dump', '--schema-only']);
      expect(schemaServed.code, schemaServed.stderr).toBe(0);
      expect(schemaServed.stdout).toContain('-- PostgreSQL database dump');
      expect(schemaServed.stdout).toContain('CREATE TABLE public.runs_log');
      expect(schemaServed.stdout).not.toContain('before kill');
      // A user's own SRID is the part of PostGIS's spatial_ref_sys a dump must keep (the shipped rows are
      // CREATE EXTENSION's); and enough rows that the dump outgrows a pipe's 64 KiB buffer.
      await query(
        served!.url!,
        `INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) VALUES (990001, 'aegis', 990001, 'LOCAL_CS["it''s local"]', '+proj=longlat');
         INSERT INTO runs_log (note) SELECT 'bulk row ' || g FROM generate_series(1, 3000) g`,
      );
      const full = await cli(dataDir, ['dump']);
      expect(full.code, full.stderr).toBe(0);
      expect(full.stdout).toMatch(/INSERT INTO public\.runs_log VALUES \(\d+, 'before kill'\);/);
      expect(full.stdout).toContain('INSERT INTO public.spatial_ref_sys SELECT * FROM json_populate_record(NULL::public.spatial_ref_sys');
      expect(full.stdout).toContain('"srid":990001');
      expect(full.stdout.length).toBeGreaterThan(128 * 1024);
      expect(full.stdout.trimEnd()).toMatch(/-- PostgreSQL database dump complete\n--$/);
      // The dev server's other clients are unaffected by pg_dump's session settings.
      expect(
        await query(
          served!.url!,
          `SELECT current_setting('search_path') AS p, count(*)::int AS n FROM runs_log WHERE note = 'before kill'`,
        ),
      ).toEqual([{ p: 'public', n: 1 }]);
      await stop(served!);

      const out = join(root, 'dump.sql');
      const stopped = await cli(dataDir, ['dump', '--out', out]);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(full.stdout);
      expect(existsSync(`${dataDir}.lock`)).toBe(false);
      // A reader slower than the dump (aegis-db dump | gzip) still gets all of it.
      expect(await slowlyRead(['--data-dir', dataDir, '--migrations-dir', migrations, 'dump'])).toBe(full.stdout);
    },
    SLOW,
  );

  it('refuses --memory and conflicting flags with what to do', async () => {
    const memory = await runCli(['--memory', 'dump']);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toMatch(/nothing to dump/);
    const both = await cli(dataDir, ['dump', '--schema-only', '--data-only']);
    expect(both.code).toBe(2);
  });
});

describe('without dev', () => {
  it(
    'two migrate up on one data dir: never both open it; every migration is applied once',
    async () => {
      writeFileSync(
        join(migrations, '20260101000300_later.sql'),
        `-- Up Migration\nCREATE TABLE later (id int);\n\n-- Down Migration\nDROP TABLE later;\n`,
      );
      const results = await Promise.all([cli(dataDir, ['migrate', 'up']), cli(dataDir, ['migrate', 'up'])]);
      const codes = results.map((r) => r.code).sort();
      expect(codes[0], results.map((r) => r.stderr).join('\n')).toBe(0);
      expect([0, 9]).toContain(codes[1]);
      for (const r of results.filter((r) => r.code === 9)) expect(r.stderr).toMatch(/already open in process \d+ \(aegis-db migrate up/);
      const status = await cli(dataDir, ['--json', 'migrate', 'status']);
      expect(status.code, status.stderr).toBe(0);
      const parsed = JSON.parse(status.stdout) as { pending: string[]; applied: { name: string }[] };
      expect(parsed.pending).toEqual([]);
      expect(parsed.applied.map((m) => m.name)).toContain('20260101000300_later');
    },
    SLOW,
  );
});
