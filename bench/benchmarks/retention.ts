import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { retention } from '../../src/maintenance/retention.js';
import { migrate } from '../../src/migrations/migrate.js';
import { ratioOf, single, type Figure } from '../harness/figure.js';
import { interleave, type Variant } from '../harness/interleave.js';
import { createScratchDatabase, withClient, type ScratchDatabase } from '../harness/scratch-database.js';
import type { BenchContext } from '../scale.js';
import { databaseTarget } from '../../src/database/target.js';

const GUARDS = 1000;
/** The rows kept in the 30-day window, per expired row. */
const RETAINED_PER_EXPIRED = 2;

/** Start of the current UTC day: retention runs "now", so its 30-day cutoff falls on a partition boundary. */
function startOfUtcDay(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * One day of GPS points (`expired` rows, UTC day today - 31, the day a daily retention job finds expired) and
 * RETAINED_PER_EXPIRED times as many spread over the 30 days it keeps, in both layouts (R-7's table gets the same rows).
 */
async function fill(client: pg.ClientBase, root: string, expired: number): Promise<void> {
  await client.query(readFileSync(join(root, 'bench', 'r7-location-history.sql'), 'utf8'));
  await client.query(
    `INSERT INTO users (email, password_hash, first_name, last_name, role, status, last_login_at)
     SELECT 'bench-guard-' || i || '@bench.example.com', 'x', 'Bench', 'Guard', 'guard', 'active', now()
       FROM generate_series(1, ${GUARDS}) AS i`,
  );
  await client.query('SELECT setseed(0.42)');
  const insert = (from: string, days: number, rows: number) =>
    client.query(
      `WITH guards AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE role = 'guard')
       INSERT INTO location_history (guard_id, location, accuracy_meters, speed_mps, heading_degrees, device_type, app_version, recorded_at, uploaded_at)
       SELECT guards.ids[1 + i % ${GUARDS}],
              ST_SetSRID(ST_MakePoint(-118.67 + random() * 1.02, 33.7 + random() * 0.64), 4326)::geography,
              round((random() * 20)::numeric, 2), round((random() * 3)::numeric, 2), round((random() * 360)::numeric, 2),
              'ios', '2.4.1', t, t + interval '2 seconds'
         FROM generate_series(0, $1::int - 1) AS i, guards,
              LATERAL (SELECT ${from} + (i::float8 / $1) * interval '${days} days' AS t) AS at
        ORDER BY i`,
      [rows],
    );
  const day0 = `((now() AT TIME ZONE 'UTC')::date - 31)::timestamp AT TIME ZONE 'UTC'`;
  await insert(day0, 1, expired);
  await insert(`${day0} + interval '1 day'`, 30, expired * RETAINED_PER_EXPIRED);
  await client.query(`SET TimeZone = 'UTC'`);
  await client.query('INSERT INTO location_history_r7 SELECT * FROM location_history ORDER BY recorded_at');
  await client.query('VACUUM ANALYZE');
}

async function bytes(client: pg.ClientBase): Promise<{ ours: number; r7: number }> {
  const { rows } = await client.query<{ ours: string; r7: string }>(
    `SELECT (SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0) FROM pg_inherits i WHERE i.inhparent = 'location_history'::regclass) AS ours,
            pg_total_relation_size('location_history_r7') AS r7`,
  );
  return { ours: Number(rows[0]!.ours), r7: Number(rows[0]!.r7) };
}

const mb = (value: number) => `${Math.round(value / 2 ** 20).toLocaleString('en-US')} MB`;

/**
 * 5. Retention of one expired day (`retentionRows` points): aegis-db's retention, which drops that day's
 * partition, vs R-7's DELETE … WHERE recorded_at < cutoff on its single table followed by the VACUUM that
 * makes the space reusable. Every run works on a fresh copy of one loaded template.
 */
export async function retentionBenchmark(context: BenchContext): Promise<Figure[]> {
  const expired = context.scale.retentionRows;
  const now = startOfUtcDay();
  const cutoff = new Date(now.getTime() - 30 * 86_400_000);
  const template = await createScratchDatabase(context.serverUrl, { prefix: 'aegis_bench_tmpl' });
  try {
    context.log(
      `retention: building a template: ${expired} expired rows (one day) and ${expired * RETAINED_PER_EXPIRED} kept, in both layouts`,
    );
    const migrated = await migrate({
      target: databaseTarget(template.url),
      migrationsDir: join(context.root, 'migrations'),
      direction: 'up',
    });
    if (migrated.error) throw migrated.error;
    const before = await withClient(template.url, async (client) => {
      await fill(client, context.root, expired);
      return bytes(client);
    });

    let database: ScratchDatabase | undefined;
    const fresh = async () => {
      database = await createScratchDatabase(context.serverUrl, { template: template.name });
    };
    const drop = async () => {
      await database?.drop();
      database = undefined;
    };
    const seen = {
      partitionsDropped: 0,
      rowsDeletedByRetention: 0,
      r7Deleted: 0,
      deleteMs: [] as number[],
      vacuumMs: [] as number[],
      after: before,
    };
    const variants: Variant[] = [
      {
        name: 'aegis-db retention',
        prepare: fresh,
        cleanup: drop,
        run: async () => {
          const started = performance.now();
          const result = await retention({ target: databaseTarget(database!.url), now });
          const ms = performance.now() - started;
          seen.partitionsDropped = result.partitionsDropped.length;
          seen.rowsDeletedByRetention = result.rowsDeleted;
          return ms;
        },
      },
      {
        name: 'partition drop alone',
        prepare: fresh,
        cleanup: drop,
        run: () =>
          withClient(database!.url, async (client) => {
            const started = performance.now();
            await client.query('BEGIN');
            await client.query('SELECT location_history_drop_partitions_before($1)', [cutoff]);
            await client.query('COMMIT');
            return performance.now() - started;
          }),
      },
      {
        name: "R-7's DELETE + VACUUM",
        prepare: fresh,
        cleanup: async () => {
          seen.after = await withClient(database!.url, bytes);
          await drop();
        },
        run: () =>
          withClient(database!.url, async (client) => {
            const started = performance.now();
            const result = await client.query(`DELETE FROM location_history_r7 WHERE recorded_at < $1::timestamptz AT TIME ZONE 'UTC'`, [
              cutoff,
            ]);
            const deleted = performance.now();
            await client.query('VACUUM location_history_r7');
            const vacuumed = performance.now();
            seen.r7Deleted = result.rowCount ?? 0;
            seen.deleteMs.push(deleted - started);
            seen.vacuumMs.push(vacuumed - deleted);
            return vacuumed - started;
          }),
      },
    ];
    context.log(`retention: ${context.scale.warmup} warm-up + ${context.scale.runs} runs each, every run on a fresh copy of the template`);
    const results = await interleave(variants, { warmup: context.scale.warmup, runs: context.scale.runs });
    const ours = await (async () => {
      // The size left behind by the partition drop, measured once on its own copy.
      await fresh();
      try {
        await retention({ target: databaseTarget(database!.url), now });
        return await withClient(database!.url, bytes);
      } finally {
        await drop();
      }
    })();
    const subject = {
      ...results['aegis-db retention']!,
      name: 'aegis-db retention (library call, connect included): drops the expired day partition',
    };
    const dropAlone = results['partition drop alone']!;
    const r7 = { ...results["R-7's DELETE + VACUUM"]!, name: "R-7's DELETE … WHERE recorded_at < cutoff on its single table, then VACUUM" };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    const atFullScale = expired >= 1_000_000;
    const ratio = ratioOf(subject, r7);
    return [
      {
        id: 'retention',
        title: `retention of one expired day, ${expired.toLocaleString('en-US')} rows: partition drop vs R-7's DELETE + VACUUM`,
        unit: 'ms',
        subject,
        baseline: r7,
        ratio,
        explanation: `Expiring a day by dropping its partition took ${subject.median.toFixed(0)} ms against ${Math.round(r7.median).toLocaleString('en-US')} ms for R-7's DELETE and VACUUM (${(r7.median / subject.median).toFixed(0)}× faster): a drop unlinks files, a DELETE rewrites every expired row and VACUUM then reads every index whole.`,
        budget: {
          text: '≤ 100 ms and ≥ 10× faster than DELETE + VACUUM, at ≥ 1M expired rows',
          pass: atFullScale ? subject.median <= 100 && ratio <= 0.1 : null,
        },
        notes: [
          `${expired.toLocaleString('en-US')} rows on the expired day and ${(expired * RETAINED_PER_EXPIRED).toLocaleString('en-US')} kept over the 30 days after it (a steady state keeps 30 days of them: R-7's VACUUM, which reads every index whole, is undercounted here)`,
          `aegis-db: ${seen.partitionsDropped} partition dropped, ${seen.rowsDeletedByRetention} rows deleted; the drop alone (one transaction on an open connection) ${dropAlone.median.toFixed(1)} ms ±${Math.round(dropAlone.spread * 50)}%, the rest is connecting, keeping partitions ahead and the inactive-user pass; R-7: ${seen.r7Deleted.toLocaleString('en-US')} rows deleted in ${Math.round(median(seen.deleteMs)).toLocaleString('en-US')} ms, VACUUM ${Math.round(median(seen.vacuumMs)).toLocaleString('en-US')} ms (medians)`,
          ...(atFullScale ? [] : ['the budget is defined at ≥ 1M expired rows (--full); not judged at this scale']),
        ],
      },
      {
        id: 'retention-size-left',
        title: 'size of location history left behind by retention (table + indexes)',
        unit: 'MB',
        subject: single('our partitions after the drop', ours.ours / 2 ** 20),
        baseline: single("R-7's table after DELETE + VACUUM", seen.after.r7 / 2 ** 20),
        explanation: `The drop gave back the whole day (${mb(before.ours - ours.ours)}); after R-7's DELETE and VACUUM its table and indexes still take ${mb(seen.after.r7)} of the ${mb(before.r7)} they took before.`,
        notes: [
          `before: ours ${mb(before.ours)}, R-7 ${mb(before.r7)}; after: ours ${mb(ours.ours)} (the day's files are gone), R-7 ${mb(seen.after.r7)} (VACUUM marks the deleted rows' space free for reuse inside the files; it returns none of it)`,
        ],
      },
    ];
  } finally {
    await template.drop();
  }
}
