import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.js';
import { migrationsDir } from '../helpers/migrations-copy.js';

/**
 * A bounded soak of what the embedded engine multiplexes: many `pg` clients on one dev server, each
 * running extended-protocol queries (unnamed and named statements) and short transactions with its own
 * session setting, for a fixed time. Every answer is checked; the run must end with every slot free.
 */
const CLIENTS = 16;
const DURATION_MS = 4000;

const root = mkdtempSync(join(tmpdir(), 'aegis-soak-'));
const migrations = migrationsDir({
  '20260101000100_soak.sql': `-- Up Migration\nCREATE TABLE soak (id bigserial PRIMARY KEY, client int NOT NULL, n int NOT NULL);\n\n-- Down Migration\nDROP TABLE soak;\n`,
});
let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({ dataDir: join(root, 'pgdata'), port: 0, migrationsDir: migrations, seed: false });
});

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(migrations, { recursive: true, force: true });
});

interface ClientReport {
  queries: number;
  wrong: string[];
  committed: number;
  latencies: number[];
}

async function soakClient(id: number, until: number): Promise<ClientReport> {
  const report: ClientReport = { queries: 0, wrong: [], committed: 0, latencies: [] };
  const client = new pg.Client({ connectionString: server.url, application_name: `soak ${id}` });
  await client.connect();
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    report.latencies.push(performance.now() - started);
    report.queries++;
    return result;
  };
  const check = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      report.wrong.push(`client ${id} ${what}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
  };
  try {
    await timed(() => client.query(`SELECT set_config('soak.client', $1, false)`, [String(id)]));
    let round = 0;
    while (Date.now() < until) {
      round++;
      const a = id * 1000 + round;
      const unnamed = await timed(() =>
        client.query('SELECT $1::int * 2 AS doubled, $2::text AS echo, current_setting($3) AS me', [a, `c${id}`, 'soak.client']),
      );
      check('unnamed', unnamed.rows, [{ doubled: a * 2, echo: `c${id}`, me: String(id) }]);
      const named = await timed(() => client.query({ name: 'soak_named', text: `SELECT $1::int + ${id} AS v`, values: [round] }));
      check('named', named.rows, [{ v: round + id }]);
      await timed(() => client.query('BEGIN'));
      await timed(() => client.query('INSERT INTO soak (client, n) VALUES ($1, $2)', [id, round]));
      const mine = await timed(() => client.query<{ n: number }>('SELECT count(*)::int AS n FROM soak WHERE client = $1', [id]));
      check('in-transaction count', mine.rows[0]!.n, report.committed + 1);
      await timed(() => client.query('COMMIT'));
      report.committed++;
    }
  } finally {
    await client.end();
  }
  return report;
}

it(`${CLIENTS} clients for ${DURATION_MS / 1000} s: only correct answers, no hang, no leaked connection`, async () => {
  const started = Date.now();
  const reports = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => soakClient(i + 1, started + DURATION_MS)));
  const elapsed = Date.now() - started;
  const latencies = reports.flatMap((r) => r.latencies).sort((x, y) => x - y);
  const queries = latencies.length;
  const wrong = reports.flatMap((r) => r.wrong);
  const committed = reports.reduce((sum, r) => sum + r.committed, 0);
  const p = (q: number) => latencies[Math.min(queries - 1, Math.floor(q * queries))]!.toFixed(1);
  console.log(
    `soak: ${CLIENTS} clients, ${queries} queries (${committed} transactions) in ${(elapsed / 1000).toFixed(1)} s, ${wrong.length} wrong answers, latency p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${latencies[queries - 1]!.toFixed(1)} ms`,
  );
  expect(wrong).toEqual([]);
  expect(reports.every((r) => r.committed > 0)).toBe(true);

  // pg's end() can resolve before the server has seen the socket close.
  for (let i = 0; i < 50 && server.connectionCount() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(server.connectionCount()).toBe(0);
  const check = new pg.Client({ connectionString: server.url });
  await check.connect();
  const { rows } = await check.query<{ n: number; prepared: number }>(
    'SELECT count(*)::int AS n, (SELECT count(*)::int FROM pg_prepared_statements) AS prepared FROM soak',
  );
  await check.end();
  expect(rows[0]).toEqual({ n: committed, prepared: 0 });
});
