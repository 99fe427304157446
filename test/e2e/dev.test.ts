import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';

interface DevProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `aegis-db dev` and resolves once it prints DATABASE_URL. */
function startDev(dataDir: string): Promise<DevProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'dev', '--port', '0', '--no-seed'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /^DATABASE_URL=(\S+)$/m.exec(stdout)?.[1];
      if (url) resolve({ child, url, stdout: () => stdout, stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`dev exited with ${code} before printing DATABASE_URL:\n${stdout}\n${stderr}`)));
  });
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const hasPsql = spawnSync('psql', ['--version']).status === 0;

describe('aegis-db dev', () => {
  const root = mkdtempSync(join(tmpdir(), 'aegis-dev-'));
  const dataDir = join(root, 'pgdata');
  let running: DevProcess | undefined;
  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGINT');
      await running.exited;
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('serves a migrated database on 127.0.0.1 that pg can query, and prints its DATABASE_URL', async () => {
    running = await startDev(dataDir);
    expect(running.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const { rows } = await query(running.url, 'SELECT count(*)::int AS n FROM aegis_meta.migrations');
    expect(rows[0].n).toBeGreaterThan(0);
    await query(running.url, `CREATE TABLE dev_persistence_check (note text); INSERT INTO dev_persistence_check VALUES ('kept')`);
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
  });

  it.skipIf(!hasPsql)('psql can query it too', () => {
    const result = spawnSync('psql', [running!.url, '-Atc', 'SELECT postgis_lib_version() IS NOT NULL, count(*) FROM users'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(/^t\|\d+$/);
  });

  it('a second dev on the same data dir says it is already running (exit 9)', async () => {
    const second = await runCli(['--data-dir', dataDir, 'dev', '--port', '0']);
    expect(second.code).toBe(9);
    expect(second.stderr).toContain(`already open in process ${running!.child.pid} (aegis-db dev`);
    expect(second.stderr).toContain(running!.url);
  });

  it('Ctrl-C stops it cleanly (exit 0, lock file removed), and the data is there on the next start', async () => {
    running!.child.kill('SIGINT');
    expect(await running!.exited, running!.stderr()).toBe(0);
    expect(running!.stderr()).toContain('stopped');
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    running = await startDev(dataDir);
    const { rows } = await query(running.url, 'SELECT note FROM dev_persistence_check');
    expect(rows).toEqual([{ note: 'kept' }]);
    expect(running.stderr()).not.toMatch(/applied \d+ migration/);
    running.child.kill('SIGTERM');
    const code = await running.exited;
    expect(code, running.stderr()).toBe(0);
  });

  it('rejects a bad --port with a usage error', async () => {
    const result = await runCli(['--data-dir', dataDir, 'dev', '--port', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port must be a port number/);
  });
});

describe('aegis-db/testing (package export)', () => {
  it('resolves through package.json exports and gives a working database', async () => {
    const { createTestDatabase } = (await import('aegis-db/testing' as string)) as typeof import('../../src/testing/index.js');
    const db = await createTestDatabase();
    try {
      const { rows } = await db.query(`SELECT to_regclass('public.jobs') IS NOT NULL AS ok`);
      expect(rows[0].ok).toBe(true);
    } finally {
      await db.close();
    }
  });
});
