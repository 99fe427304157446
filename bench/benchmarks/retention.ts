import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { retention } from '../../src/maintenance/retention.js';
import { migrate } from '../../src/migrations/migrate.js';
import { ratioOf, type Figure } from '../harness/figure.js';
import { interleave, type Variant } from '../harness/interleave.js';
import { createScratchDatabase, withClient, type ScratchDatabase } from '../harness/scratch-database.js';
import type { BenchContext } from '../scale.js';
import { databaseTarget } from '../../src/database/target.js';

const GUARDS = 300;

/**
 * Steady state of a daily retention job: `rows` GPS points spread evenly from the start of the oldest
 * partition the migration creates (UTC today - 31 days) up to now, so a run finds one whole expired day
 * plus the expired part of the day straddling the cutoff. R-7's table gets the same rows.
 */
async function fill(client: pg.ClientBase, root: string, rows: number): Promise<void> {
  await client.query(readFileSync(join(root, 'bench', 'r7-location-history.sql'), 'utf8'));
  await client.query(
    `INSERT INTO users (email, password_hash, first_name, last_name, role, status, last_login_at)
     SELECT 'bench-guard-' || i || '@bench.example.com', 'x', 'Bench', 'Guard', 'guard', 'active', now()
       FROM generate_series(1, ${GUARDS}) AS i`,
  );
  await client.query('SELECT setseed(0.42)');
  await client.query(
    `WITH window_start AS (SELECT ((now() AT TIME ZONE 'UTC')::date - 31)::timestamp AT TIME ZONE 'UTC' AS t0),
          guards AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE role = 'guard')
     INSERT INTO location_history (guard_id, location, accuracy_meters, speed_mps, heading_degrees, device_type, app_version, recorded_at, uploaded_at)
     SELECT guards.ids[1 + i % ${GUARDS}],
            ST_SetSRID(ST_MakePoint(-118.67 + random() * 1.02, 33.7 + random() * 0.64), 4326)::geography,
            round((random() * 20)::numeric, 2), round((random() * 3)::numeric, 2), round((random() * 360)::numeric, 2),
            'ios', '2.4.1',
            t0 + (now() - t0) * (i::float8 / $1), t0 + (now() - t0) * (i::float8 / $1) + interval '2 seconds'
       FROM generate_series(0, $1::int - 1) AS i, window_start, guards`,
    [rows],
  );
  await client.query(`SET TimeZone = 'UTC'`);
  await client.query('INSERT INTO location_history_r7 SELECT * FROM location_history');
  await client.query('VACUUM ANALYZE');
}

async function timed(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await withClient(url, async (client) => {
    await client.query(`SET TimeZone = 'UTC'`);
    await work(client);
  });
  return performance.now() - started;
}

/** 5. 30-day retention at `retentionRows` location rows: aegis-db's retention vs a plain DELETE. */
export async function retentionBenchmark(context: BenchContext): Promise<Figure[]> {
  const rows = context.scale.retentionRows;
  const template = await createScratchDatabase(context.serverUrl, { prefix: 'aegis_bench_tmpl' });
  try {
    context.log(`retention: building a template with ${rows} location rows (partitioned and R-7's table)`);
    const migrated = await migrate({ target: databaseTarget(template.url), migrationsDir: join(context.root, 'migrations'), direction: 'up' });
    if (migrated.error) throw migrated.error;
    await withClient(template.url, (client) => fill(client, context.root, rows));

    let database: ScratchDatabase | undefined;
    const fresh = async () => {
      database = await createScratchDatabase(context.serverUrl, { template: template.name });
    };
    const drop = async () => {
      await database?.drop();
      database = undefined;
    };
    const expired: Record<string, number> = {};
    const variants: Variant[] = [
      {
        name: 'aegis-db retention',
        prepare: fresh,
        cleanup: drop,
        run: async () => {
          const started = performance.now();
          const result = await retention({ target: databaseTarget(database!.url) });
          const ms = performance.now() - started;
          expired['aegis-db retention'] = result.rowsDeleted;
          expired.partitionsDropped = result.partitionsDropped.length;
          return ms;
        },
      },
      {
        name: 'DELETE on the partitioned table',
        prepare: fresh,
        cleanup: drop,
        run: () => timed(database!.url, async (client) => {
          const result = await client.query(`DELETE FROM location_history WHERE recorded_at < NOW() - INTERVAL '30 days'`);
          expired['DELETE on the partitioned table'] = result.rowCount ?? 0;
        }),
      },
      {
        name: "R-7's DELETE on its unpartitioned table",
        prepare: fresh,
        cleanup: drop,
        run: () => timed(database!.url, async (client) => {
          const result = await client.query(`DELETE FROM location_history_r7 WHERE recorded_at < NOW() - INTERVAL '30 days'`);
          expired.r7 = result.rowCount ?? 0;
        }),
      },
    ];
    context.log(`retention: ${context.scale.warmup} warm-up + ${context.scale.runs} runs each, every run on a fresh copy of the template`);
    const results = await interleave(variants, { warmup: context.scale.warmup, runs: context.scale.runs });
    const subject = { ...results['aegis-db retention']!, name: 'aegis-db retention (library call, connect included)' };
    const plain = { ...results['DELETE on the partitioned table']!, name: 'plain DELETE … WHERE recorded_at < now() - 30 days, same table' };
    const r7 = { ...results["R-7's DELETE on its unpartitioned table"]!, name: "R-7's DELETE on R-7's unpartitioned table (same rows)" };
    const atFullScale = rows >= 1_000_000;
    const note = `${rows} rows over 31 days + today; per run: ${expired.partitionsDropped ?? 0} partition(s) dropped and ${expired['aegis-db retention'] ?? 0} rows of the straddling day deleted in batches; the DELETEs remove ${expired['DELETE on the partitioned table'] ?? 0} rows`;
    return [
      {
        id: 'retention',
        title: `30-day retention at ${rows.toLocaleString('en-US')} location rows`,
        unit: 'ms',
        subject,
        baseline: plain,
        ratio: ratioOf(subject, plain),
        budget: { text: '≤ 100 ms at 1M rows', pass: atFullScale ? subject.median <= 100 : null },
        notes: [note, ...(atFullScale ? [] : ['the budget is defined at 1M rows (--full); not judged at this scale'])],
      },
      {
        id: 'retention-vs-r7',
        title: `30-day retention at ${rows.toLocaleString('en-US')} rows vs R-7's DELETE on its own layout`,
        unit: 'ms',
        subject,
        baseline: r7,
        ratio: ratioOf(subject, r7),
      },
    ];
  } finally {
    await template.drop();
  }
}
