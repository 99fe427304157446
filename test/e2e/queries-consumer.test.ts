import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { STRICT_CONSUMER_OPTIONS } from '../helpers/strict-consumer.js';

const root = join(import.meta.dirname, '..', '..');
// Inside the checkout (so pg, kysely and zod resolve), git-ignored.
const work = mkdtempSync(join(root, '.scratch-queries-consumer-'));

const CONSUMER = `import type pg from 'pg';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../src/generated/types.js';
import {
  dailyReconciliation,
  matchGuardsForJob,
  matchGuardsForJobQuery,
  matchGuardsForJobRowSchema,
  nearestAvailableGuards,
  type MatchGuardsForJobParams,
  type MatchGuardsForJobRow,
} from '../src/queries/index.js';

export async function service(pool: pg.Pool, client: pg.PoolClient, kysely: Kysely<DB>, jobId: string): Promise<number> {
  const rows: MatchGuardsForJobRow[] = await matchGuardsForJob(pool, { jobId, radiusMeters: 24140.1, limit: 20 });
  const nearest = rows[0];
  const miles: number = nearest ? nearest.distance_miles : 0;
  const level: 'basic' | 'armed' | 'executive' | undefined = nearest?.clearance_level;
  await matchGuardsForJob(client, { jobId });
  await matchGuardsForJob(kysely, { jobId }, { validate: true });
  await nearestAvailableGuards(pool, { longitude: -118.24, latitude: 34.05 });
  const params: MatchGuardsForJobParams = { jobId, limit: 5n };
  const { sql, parameters } = matchGuardsForJobQuery.compile(params);
  const inferred: MatchGuardsForJobRow = {} as z.infer<typeof matchGuardsForJobRowSchema>;
  const days = await dailyReconciliation(pool, { days: 7 });
  const cents: string | undefined = days[0]?.amount_cents;

  // @ts-expect-error a job id is a string, not a number
  await matchGuardsForJob(pool, { jobId: 42 });
  // @ts-expect-error jobId is required
  await matchGuardsForJob(pool, { radiusMeters: 1000 });
  // @ts-expect-error the parameters are required
  await matchGuardsForJob(pool);
  // @ts-expect-error the radius is a number
  await matchGuardsForJob(pool, { jobId, radiusMeters: '15 miles' });
  // @ts-expect-error no such parameter
  await matchGuardsForJob(pool, { jobId, radius: 5 });
  // @ts-expect-error under exactOptionalPropertyTypes an optional parameter is left out, not undefined
  await matchGuardsForJob(pool, { jobId, limit: undefined });
  // @ts-expect-error no such result column
  void nearest?.distance;
  // @ts-expect-error bigint sums are exact decimal strings, not numbers
  const wrong: number | undefined = days[0]?.amount_cents;
  // @ts-expect-error neither pg nor Kysely
  await matchGuardsForJob({ run: () => [] }, { jobId });

  return miles + sql.length + parameters.length + (level ? 1 : 0) + (inferred ? 1 : 0) + (cents ? 1 : 0) + (wrong ?? 0);
}
`;

const TSCONFIG = {
  compilerOptions: STRICT_CONSUMER_OPTIONS,
  files: ['service.ts'],
};

describe('a strict consumer of aegis-db/queries (strict + exactOptionalPropertyTypes)', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('compiles correct calls and rejects a wrong parameter type, a missing parameter and more (each @ts-expect-error must be an error)', async () => {
    writeFileSync(join(work, 'service.ts'), CONSUMER);
    writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], {
      cwd: work,
      encoding: 'utf8',
    }).then(
      () => ({ code: 0, out: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, out: error.stdout }),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  }, 180_000);
});
