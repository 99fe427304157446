import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ratioOf, type Figure } from '../harness/figure.js';
import { summarize } from '../harness/stats.js';
import { timeProcessOk } from '../harness/time-process.js';
import type { BenchContext } from '../scale.js';
import { startEmbedded } from '../../src/database/embedded.js';
import { shipBaseCluster } from '../../src/database/base-cluster.js';
import { createTestDatabase, templateSpec } from '../../src/testing/create-test-database.js';
import { migratedSnapshot } from '../../src/migrations/migrated-snapshot.js';
import { withDatabase } from '../../src/database/target.js';
import { adminPool, settleSpares, templateName, testDatabaseName } from '../../src/testing/server-template.js';
import { stopIdleInstances } from '../../src/testing/warm-embedded.js';

/** createTestDatabase() calls timed per variant (each is cheap, so more of them than rounds elsewhere). */
const CALLS = { tiny: 2, quick: 15, full: 40 } as const;

const now = () => performance.now();

async function firstQuery(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } finally {
    await pool.end();
  }
}

/**
 * 8. Test databases after the first: `createTestDatabase({ url })` (template clone) beside a hand-written
 * `CREATE DATABASE … TEMPLATE` of the same template, and embedded `createTestDatabase()` (a reset warm
 * instance) beside a fresh instance from the same migrated snapshot; then a newcomer's first
 * `aegis-db migrate` (the shipped base cluster) beside one that runs initdb and CREATE EXTENSION itself.
 */
export async function testDatabasesBenchmark(context: BenchContext): Promise<Figure[]> {
  const migrationsDir = resolve(context.root, 'migrations');
  const calls = CALLS[context.scale.name];
  const serverUrl = context.serverUrl;

  // Server. Between calls the spare clone is given the time a test would take (settleSpares, untimed).
  context.log(`test databases: server, first call (template) then ${calls} calls beside ${calls} hand-written clones`);
  let started = now();
  const first = await createTestDatabase({ url: serverUrl, migrationsDir });
  const serverFirst = now() - started;
  await first.close();
  await settleSpares();
  const template = templateName(templateSpec(migrationsDir, undefined).key);
  const clone: number[] = [];
  const byHand: number[] = [];
  const closes: number[] = [];
  const clonedBy = async () => {
    started = now();
    const db = await createTestDatabase({ url: serverUrl, migrationsDir });
    await db.query('SELECT 1');
    clone.push(now() - started);
    started = now();
    await db.close();
    closes.push(now() - started);
    await settleSpares();
  };
  const cloneByHand = async () => {
    const name = testDatabaseName();
    started = now();
    const admin = new pg.Client({ connectionString: serverUrl });
    admin.on('error', () => {});
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    await firstQuery(withDatabase(serverUrl, name));
    byHand.push(now() - started);
    await adminPool(serverUrl).query(`DROP DATABASE ${name} WITH (FORCE)`);
  };
  for (let i = 0; i < calls; i++) for (const run of i % 2 ? [clonedBy, cloneByHand] : [cloneByHand, clonedBy]) await run();

  // Embedded. The warm instance is dirtied by every call (a row written) and reset by close(), timed apart.
  context.log(`test databases: embedded, ${calls} calls on a warm instance beside ${context.scale.runs} fresh instances`);
  await stopIdleInstances();
  started = now();
  const warmFirst = await createTestDatabase({ migrationsDir });
  const embeddedFirst = now() - started;
  await warmFirst.close();
  const warm: number[] = [];
  const resets: number[] = [];
  const fresh: number[] = [];
  const warmCall = async () => {
    started = now();
    const db = await createTestDatabase({ migrationsDir });
    await db.query('SELECT 1');
    warm.push(now() - started);
    await db.query(`INSERT INTO users (email, password_hash, first_name, last_name) VALUES ('bench@example.com', 'x', 'B', 'C')`);
    started = now();
    await db.close();
    resets.push(now() - started);
  };
  const freshInstance = async () => {
    started = now();
    const server = await startEmbedded({ dataDir: undefined, loadDataDir: await migratedSnapshot(migrationsDir) });
    await firstQuery(server.url);
    fresh.push(now() - started);
    await server.stop();
  };
  const perFresh = Math.ceil(calls / context.scale.runs);
  for (let round = 0; round < context.scale.runs; round++) {
    await freshInstance();
    for (let i = 0; i < perFresh && warm.length < calls; i++) await warmCall();
  }
  await stopIdleInstances();

  // First start: a new project directory and an empty per-machine cache, so only the copy shipped in dist/embedded/ helps.
  await shipBaseCluster(async () => {
    const server = await startEmbedded({ dataDir: undefined });
    await server.stop();
  });
  const bin = join(context.root, 'bin', 'aegis-db.js');
  const firstStart = async (baseCluster: boolean) => {
    const work = mkdtempSync(join(tmpdir(), 'aegis-bench-first-'));
    try {
      const env = {
        ...process.env,
        NO_COLOR: '1',
        DATABASE_URL: undefined,
        AEGIS_CACHE_DIR: join(work, 'cache'),
        AEGIS_BASE_CLUSTER: baseCluster ? undefined : 'off',
      };
      return (await timeProcessOk(process.execPath, [bin, 'migrate', '--quiet'], { cwd: work, env, timeoutMs: 600_000 })).ms;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
  // Without the base cluster a start costs about a minute on a loaded machine: not run at the tiny scale.
  const baselineRuns = { tiny: 0, quick: 1, full: context.scale.runs }[context.scale.name];
  context.log(`test databases: first aegis-db migrate, ${context.scale.runs} runs beside ${baselineRuns} without the base cluster`);
  const withBase: number[] = [];
  const withoutBase: number[] = [];
  for (let round = 0; round < context.scale.runs; round++) {
    withBase.push(await firstStart(true));
    if (round < baselineRuns) withoutBase.push(await firstStart(false));
  }

  const serverClone = {
    ...summarize(clone),
    name: 'createTestDatabase({ url }): a spare clone renamed (spare made while the previous test ran)',
  };
  const serverByHand = { ...summarize(byHand), name: 'CREATE DATABASE … TEMPLATE of the same template by hand, then a pool and SELECT 1' };
  const warmSummary = { ...summarize(warm), name: 'createTestDatabase() on the warm instance (reset by the previous close())' };
  const freshSummary = { ...summarize(fresh), name: 'a fresh PGlite instance from the same migrated snapshot' };
  const firstWith = {
    ...summarize(withBase),
    name: 'aegis-db migrate in a new directory, empty cache (the base cluster shipped in the package)',
  };
  const firstWithout = withoutBase.length
    ? { ...summarize(withoutBase), name: 'the same with AEGIS_BASE_CLUSTER=off (initdb + CREATE EXTENSION postgis, btree_gist)' }
    : undefined;
  const median = (values: number[]) => Math.round(summarize(values).median);
  return [
    {
      id: 'test-db-server',
      explanation: `After the first call (${(serverFirst / 1000).toFixed(1)} s with the template build, or less when it existed), a server test database is ready in ${Math.round(serverClone.median)} ms, against ${Math.round(serverByHand.median)} ms for cloning the template by hand; close() (DROP DATABASE) takes ${median(closes)} ms.`,
      title: 'createTestDatabase({ url }) after the first (server, template clone)',
      unit: 'ms',
      subject: serverClone,
      baseline: serverByHand,
      ratio: ratioOf(serverClone, serverByHand),
      budget: { text: 'p50 ≤ 150 ms', pass: serverClone.median <= 150 },
    },
    {
      id: 'test-db-embedded',
      explanation: `After the first call in a process (${(embeddedFirst / 1000).toFixed(1)} s), an embedded test database is ready in ${Math.round(warmSummary.median)} ms, against ${(freshSummary.median / 1000).toFixed(1)} s for a fresh instance; close() resets the dirtied instance in ${median(resets)} ms.`,
      title: 'createTestDatabase() after the first in a process (embedded, warm instance)',
      unit: 'ms',
      subject: warmSummary,
      baseline: freshSummary,
      ratio: ratioOf(warmSummary, freshSummary),
      budget: { text: 'p50 ≤ 500 ms', pass: warmSummary.median <= 500 },
    },
    {
      id: 'first-start',
      explanation: firstWithout
        ? `A newcomer's first \`aegis-db migrate\` takes ${(firstWith.median / 1000).toFixed(1)} s from the shipped base cluster, ${(firstWithout.median / 1000).toFixed(1)} s when it runs initdb and CREATE EXTENSION itself.`
        : `A newcomer's first \`aegis-db migrate\` takes ${(firstWith.median / 1000).toFixed(1)} s from the shipped base cluster.`,
      title: 'first `aegis-db migrate` on a new machine (embedded, process spawn to exit)',
      unit: 'ms',
      subject: firstWith,
      ...(firstWithout ? { baseline: firstWithout, ratio: ratioOf(firstWith, firstWithout) } : {}),
      budget: { text: '≤ 10 s', pass: firstWith.median <= 10_000 },
      ...(firstWithout ? {} : { notes: ['baseline (no base cluster, about a minute a run): not measured at this scale'] }),
    },
  ];
}
