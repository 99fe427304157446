import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations } from '../../src/migrations/load-migrations.js';
import { ratioOf, type Figure } from '../harness/figure.js';
import { interleave, type Variant } from '../harness/interleave.js';
import { createScratchDatabase, type ScratchDatabase } from '../harness/scratch-database.js';
import { timeProcessOk } from '../harness/time-process.js';
import type { BenchContext } from '../scale.js';

/**
 * The Up sections of the shipped migrations as one psql script, each file in its own transaction as
 * aegis-db runs them (no-transaction files bare), so the baseline does the same SQL work minus the runner.
 */
function psqlScript(migrationsDir: string): string {
  return loadMigrations(migrationsDir)
    .map((file) => (file.noTransaction ? file.up.sql : `BEGIN;\n${file.up.sql}\n;COMMIT;`))
    .join('\n');
}

/** 1. `aegis-db migrate up` on an empty database vs `psql -f` of the same SQL, whole process each. */
export async function migrateUpBenchmark(context: BenchContext): Promise<Figure[]> {
  const migrationsDir = join(context.root, 'migrations');
  const work = mkdtempSync(join(tmpdir(), 'aegis-bench-migrate-'));
  const script = join(work, 'up.sql');
  writeFileSync(script, psqlScript(migrationsDir));
  const env = { ...process.env, NO_COLOR: '1', DATABASE_URL: undefined };
  let database: ScratchDatabase | undefined;
  const fresh = async () => {
    database = await createScratchDatabase(context.serverUrl);
  };
  const drop = async () => {
    await database?.drop();
    database = undefined;
  };
  const variants: Variant[] = [
    {
      name: 'aegis-db migrate up',
      prepare: fresh,
      cleanup: drop,
      run: async () =>
        (
          await timeProcessOk(
            process.execPath,
            [join(context.root, 'bin', 'aegis-db.js'), 'migrate', 'up', '--quiet', '--database-url', database!.url],
            { env },
          )
        ).ms,
    },
    {
      name: 'psql -f (same Up SQL)',
      prepare: fresh,
      cleanup: drop,
      run: async () => (await timeProcessOk('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database!.url, '-f', script], { env })).ms,
    },
  ];
  try {
    context.log(`migrate up vs psql -f: ${context.scale.warmup} warm-up + ${context.scale.runs} runs each`);
    const results = await interleave(variants, { warmup: context.scale.warmup, runs: context.scale.runs });
    const subject = { ...results['aegis-db migrate up']!, name: 'aegis-db migrate up' };
    const baseline = { ...results['psql -f (same Up SQL)']!, name: 'psql -f (same Up SQL)' };
    const ratio = ratioOf(subject, baseline);
    return [
      {
        id: 'migrate-up',
        explanation: `The same SQL took ${ratio.toFixed(2)}× as long through aegis-db as through psql; the difference is Node's start and the runner's bookkeeping (lock, checksums).`,
        title: 'migrate up on an empty database (whole process)',
        unit: 'ms',
        subject,
        baseline,
        ratio,
        budget: { text: '≤ 1.15× psql -f', pass: ratio <= 1.15 },
        notes: [
          `${loadMigrations(migrationsDir).length} migrations; both create PostGIS and btree_gist; aegis-db also takes the advisory lock and records checksums`,
        ],
      },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
