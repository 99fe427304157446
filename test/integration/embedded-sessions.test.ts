import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedServer } from '../../src/database/embedded.js';
import { migratedSnapshot } from '../../src/migrations/migrated-snapshot.js';
import { MIGRATIONS_DIR } from '../helpers/engines.js';

/**
 * What the embedded engine isolates between clients (README, "Engines"): every claim here is made with
 * two or more real `pg` clients, or psql, on one served PGlite.
 */
const hasPsql = spawnSync('psql', ['--version']).status === 0;
const IDLE_BOUND_MS = 1500;

let server: EmbeddedServer;
const events: string[] = [];
const open: pg.Client[] = [];

async function client(applicationName = 'aegis-db sessions test'): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: server.url, application_name: applicationName });
  c.on('error', () => {});
  await c.connect();
  open.push(c);
  return c;
}

async function one<T = Record<string, unknown>>(c: pg.Client, sql: string, values?: unknown[]): Promise<T> {
  return (await c.query(sql, values)).rows[0] as T;
}

/** Waits until the server has finished the cleanup of a departed client (it runs in the engine's queue). */
async function settled(): Promise<void> {
  const probe = await client('probe');
  await probe.query('SELECT 1');
  await probe.end();
}

/** psql runs as its own process; the server lives in this one, so it must not be waited for synchronously. */
function psql(sql: string): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [server.url, '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
      env: { ...process.env, PGSSLMODE: 'disable' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout: stdout.trim(), stderr, status }));
  });
}

beforeAll(async () => {
  // The migrated snapshot (built once by the global setup) starts much faster than a new cluster.
  server = await startEmbedded({
    dataDir: undefined,
    loadDataDir: await migratedSnapshot(MIGRATIONS_DIR),
    idleInTransactionTimeoutMs: IDLE_BOUND_MS,
    onEvent: (text) => events.push(text),
  });
  const setup = await client();
  await setup.query(`CREATE TABLE things (id int PRIMARY KEY, note text); INSERT INTO things VALUES (1, 'one')`);
  await setup.query('GRANT SELECT ON things TO aegis_readonly');
  await setup.end();
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.end().catch(() => {})));
  await server?.stop();
});

describe('settings are per client, while connected and after', () => {
  it('search_path, statement_timeout and a custom setting (aegis.user_id) set by one client are not seen by another', async () => {
    const a = await client();
    const b = await client();
    await a.query('SET search_path = pg_catalog');
    await a.query(`SET statement_timeout = '1234ms'`);
    await a.query(`SELECT set_config('aegis.user_id', '00000000-0000-0000-0000-000000000001', false)`);
    expect(await one(b, 'SELECT count(*)::int AS n FROM things')).toEqual({ n: 1 });
    expect(
      await one(
        b,
        `SELECT current_setting('search_path') AS p, current_setting('statement_timeout') AS t, current_setting('aegis.user_id', true) AS u`,
      ),
    ).toEqual({ p: 'public', t: '0', u: '' });
    // …and the first client still has its own, after the other ran in between.
    expect(
      await one(
        a,
        `SELECT current_setting('search_path') AS p, current_setting('statement_timeout') AS t, current_setting('aegis.user_id', true) AS u`,
      ),
    ).toEqual({
      p: 'pg_catalog',
      t: '1234ms',
      u: '00000000-0000-0000-0000-000000000001',
    });
    await a.end();
    await settled();
    const c = await client();
    expect(await one(c, `SELECT current_setting('search_path') AS p, current_setting('aegis.user_id', true) AS u`)).toEqual({
      p: 'public',
      u: '',
    });
    await Promise.all([b.end(), c.end()]);
  });

  it('SET ROLE is per client: aegis_readonly on one does not restrict another', async () => {
    const reader = await client();
    const writer = await client();
    await reader.query('SET ROLE aegis_readonly');
    await expect(reader.query(`INSERT INTO things VALUES (2, 'two')`)).rejects.toThrow(/permission denied/);
    await writer.query(`INSERT INTO things VALUES (2, 'two')`);
    expect(await one(writer, 'SELECT current_user AS u')).toEqual({ u: 'postgres' });
    expect(await one(reader, 'SELECT current_user AS u')).toEqual({ u: 'aegis_readonly' });
    await reader.end();
    await settled();
    const next = await client();
    expect(await one(next, 'SELECT current_user AS u')).toEqual({ u: 'postgres' });
    await Promise.all([writer.end(), next.end()]);
  });

  it.skipIf(!hasPsql)("psql's SET search_path (what pg_dump does first) leaves other clients alone", async () => {
    const other = await client();
    const result = await psql(`SET search_path = pg_catalog; SELECT current_setting('search_path')`);
    expect(result.stdout).toBe('SET\npg_catalog');
    expect(await one(other, 'SELECT note FROM things WHERE id = 1')).toEqual({ note: 'one' });
    expect((await psql('SELECT note FROM things WHERE id = 1')).stdout).toBe('one');
    await other.end();
  });
});

describe('prepared statements', () => {
  it('two clients may prepare the same statement name with different text (pg named queries)', async () => {
    const a = await client();
    const b = await client();
    for (let i = 0; i < 3; i++) {
      expect(await one(a, 'SELECT $1::int + 1 AS v', [i])).toEqual({ v: i + 1 });
      expect((await a.query({ name: 'calc', text: 'SELECT $1::int + 1 AS v', values: [i] })).rows).toEqual([{ v: i + 1 }]);
      expect((await b.query({ name: 'calc', text: 'SELECT $1::int * 10 AS v', values: [i] })).rows).toEqual([{ v: i * 10 }]);
    }
    await a.end();
    await settled();
    const left = await client();
    expect(await one(left, `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE '%calc'`)).toEqual({ n: 1 });
    await b.end();
    await settled();
    expect(await one(left, `SELECT count(*)::int AS n FROM pg_prepared_statements`)).toEqual({ n: 0 });
    await left.end();
  });

  it('a PREPARE (SQL) of a client that left is gone, while another client stays connected', async () => {
    const stays = await client();
    const leaves = await client();
    await leaves.query('PREPARE leaving_stmt AS SELECT 42 AS v');
    expect(await one(leaves, 'EXECUTE leaving_stmt')).toEqual({ v: 42 });
    await leaves.end();
    await stays.query('SELECT 1');
    expect(await one(stays, `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'leaving_stmt'`)).toEqual({ n: 0 });
    await stays.end();
  });
});

describe('temporary objects, advisory locks and transactions of a client that leaves', () => {
  it('its temporary table is dropped even though another client is still connected', async () => {
    const stays = await client();
    const leaves = await client();
    await leaves.query('CREATE TEMP TABLE scratch_rows (x int); INSERT INTO scratch_rows VALUES (1)');
    await stays.query('CREATE TEMPORARY TABLE kept_rows (x int)');
    await leaves.end();
    await stays.query('SELECT 1');
    expect(
      await one(stays, `SELECT to_regclass('pg_temp.scratch_rows') IS NULL AS gone, to_regclass('pg_temp.kept_rows') IS NOT NULL AS kept`),
    ).toEqual({ gone: true, kept: true });
    await stays.end();
  });

  it('a session advisory lock excludes other clients until released, and a client that leaves releases its locks', async () => {
    const a = await client();
    const b = await client();
    expect(await one(a, 'SELECT pg_try_advisory_lock(7, 7) AS ok')).toEqual({ ok: true });
    // b waits for the engine while a holds the lock, then gets it once a lets go: never both at once.
    const order: string[] = [];
    const bTakes = b.query('SELECT pg_try_advisory_lock(7, 7) AS ok').then((r) => {
      order.push('b locked');
      return r.rows[0];
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    order.push('a unlocks');
    expect(await one(a, 'SELECT pg_advisory_unlock(7, 7) AS ok')).toEqual({ ok: true });
    expect(await bTakes).toEqual({ ok: true });
    expect(order).toEqual(['a unlocks', 'b locked']);
    await b.end();
    await settled();
    expect(await one(a, 'SELECT pg_try_advisory_lock(7, 7) AS ok')).toEqual({ ok: true });
    await a.end();
  });

  it('an open transaction of a client that disconnects is rolled back, and others go on at once', async () => {
    const leaves = await client();
    const other = await client();
    await leaves.query('BEGIN');
    await leaves.query(`INSERT INTO things VALUES (100, 'uncommitted')`);
    const waiting = other.query('SELECT count(*)::int AS n FROM things WHERE id = 100');
    await leaves.end();
    expect((await waiting).rows[0]).toEqual({ n: 0 });
    await other.end();
  });

  it.skipIf(!hasPsql)('psql that exits inside a transaction (lock, temp table, setting) leaves nothing behind', async () => {
    const result = await psql(
      `BEGIN; INSERT INTO things VALUES (101, 'psql'); CREATE TEMP TABLE psql_temp (x int); SET search_path = pg_catalog; SELECT pg_advisory_lock(9)`,
    );
    expect(result.status).toBe(0);
    const c = await client();
    expect(
      await one(
        c,
        `SELECT count(*)::int AS n, to_regclass('pg_temp.psql_temp') IS NULL AS no_temp, current_setting('search_path') AS p FROM things WHERE id = 101`,
      ),
    ).toEqual({ n: 0, no_temp: true, p: 'public' });
    expect(await one(c, `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`)).toEqual({ n: 0 });
    await c.end();
  });
});

describe('an idle transaction cannot block the others past the bound', () => {
  it('is ended with SQLSTATE 25P03 after the bound; a waiting client is told why it waits, then served', async () => {
    const idle = await client('idle-holder');
    const waiter = await client('waiter');
    const notices: string[] = [];
    waiter.on('notice', (notice) => notices.push(notice.message ?? ''));
    const ended = new Promise<{ code?: string; message: string }>((resolve) =>
      idle.once('error', (error) => resolve(error as { code?: string; message: string })),
    );
    await idle.query('BEGIN');
    await idle.query(`INSERT INTO things VALUES (200, 'never committed')`);
    const started = Date.now();
    expect(await one(waiter, 'SELECT count(*)::int AS n FROM things WHERE id = 200')).toEqual({ n: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_BOUND_MS - 100);
    const error = await ended;
    expect(error.code).toBe('25P03');
    expect(error.message).toBe('terminating connection due to idle-in-transaction timeout');
    expect(notices.join('\n')).toMatch(/the embedded database is busy: client #\d+ \(idle-holder\) holds an open transaction since \S+Z/);
    expect(events.join('\n')).toMatch(/ended client #\d+ \(idle-holder\)/);
    await waiter.end();
  });

  it('a transaction that keeps working is not ended', async () => {
    const busy = await client();
    await busy.query('BEGIN');
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_BOUND_MS / 3));
      await busy.query('SELECT 1');
    }
    await busy.query('COMMIT');
    await busy.end();
  });
});

describe('connections', () => {
  it('every departed client frees its slot', async () => {
    await settled();
    const before = server.connectionCount();
    const clients = await Promise.all(Array.from({ length: 8 }, () => client()));
    expect(server.connectionCount()).toBe(before + 8);
    await Promise.all(clients.map((c) => c.end()));
    await settled();
    expect(server.connectionCount()).toBe(before);
  });
});
