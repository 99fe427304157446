import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNamedQueries } from '../../src/codegen/queries/describe-named-queries.js';
import { generateQueries } from '../../src/codegen/queries/generate-queries.js';
import { queryParamType } from '../../src/codegen/queries/query-param-type.js';
import { registerAegisTypes } from '../../src/pg-types/load-aegis-types.js';
import { defineNamedQuery } from '../../src/queries/run-named-query.js';
import { describeQueries } from '../../src/queries/describe-queries.js';
import { loadQueryFiles } from '../../src/queries/load-query-files.js';
import type { QueryModel } from '../../src/queries/query-model.js';
import { engines, type TestDatabase } from '../helpers/engines.js';

const root = join(import.meta.dirname, '..', '..');

/** What PostgreSQL says each shipped query takes and returns: (params; ? = has a default) → columns. */
const SHIPPED = {
  'customer-payment-history':
    '(customerId: uuid) → id: uuid, payment_type: payment_type, status: payment_status, amount_cents: integer, refund_amount_cents: integer | null, created_at: timestamp with time zone, succeeded_at: timestamp with time zone | null, job_id: uuid, title: character varying(255), start_time: timestamp with time zone',
  'daily-reconciliation':
    '(days: integer) → day: date, payments: bigint, amount_cents: bigint, platform_fee_cents: bigint, guard_payout_cents: bigint',
  'guard-active-jobs':
    '(guardId: uuid) → id: uuid, title: character varying(255), status: job_status, start_time: timestamp with time zone, end_time: timestamp with time zone, location_address: text, customer_id: uuid, customer_first_name: character varying(100), customer_last_name: character varying(100)',
  'guard-pending-payouts':
    '(guardId: uuid) → id: uuid, guard_payout_cents: integer, created_at: timestamp with time zone, job_id: uuid, title: character varying(255)',
  'job-location-trail':
    '(guardId: uuid, jobId: uuid) → recorded_at: timestamp with time zone, longitude: double precision, latitude: double precision, accuracy_meters: numeric(6,2) | null',
  'match-guards-for-job':
    '(jobId: uuid, radiusMeters?: double precision, limit?: bigint) → user_id: uuid, first_name: character varying(100), last_name: character varying(100), clearance_level: guard_clearance_level, hourly_rate_cents: integer, distance_miles: double precision',
  'nearest-available-guards':
    '(longitude: double precision, latitude: double precision, limit?: bigint) → user_id: uuid, first_name: character varying(100), last_name: character varying(100), hourly_rate_cents: integer, clearance_level: guard_clearance_level, distance_miles: double precision',
};

function signatures(model: QueryModel): Record<string, string> {
  return Object.fromEntries(
    model.queries.map((q) => [
      q.name,
      `(${q.params.map((p) => `${p.name}${'default' in p ? '?' : ''}: ${p.type.sql}`).join(', ')}) → ${q.columns.map((c) => `${c.name}: ${c.type.sql}${c.nullable ? ' | null' : ''}`).join(', ')}`,
    ]),
  );
}

for (const engine of engines()) {
  describe(`named queries described on ${engine.name}`, () => {
    let db: TestDatabase;
    let client: pg.Client;
    beforeAll(async () => {
      db = await engine.migrated();
      client = new pg.Client({ connectionString: db.url });
      await client.connect();
    });
    afterAll(async () => {
      await client?.end();
      await db?.close();
    });

    it('every shipped query: parameter types, result columns and their nullability', async () => {
      const model = await describeNamedQueries(client);
      expect(signatures(model)).toEqual(SHIPPED);
      const origins = Object.fromEntries(
        model.queries
          .find((q) => q.name === 'guard-active-jobs')!
          .columns.map((c) => [c.name, c.origin && `${c.origin.table}.${c.origin.column}`]),
      );
      expect(origins).toMatchObject({ id: 'jobs.id', customer_first_name: 'users.first_name' });
    });

    it('gives the committed src/generated/queries.ts', async () => {
      const model = await describeNamedQueries(client);
      expect(generateQueries(model)).toBe(readFileSync(join(root, 'src', 'generated', 'queries.ts'), 'utf8'));
    });

    it('infers NULL from outer joins and nullable columns, and honours the header', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aegis-sql-'));
      writeFileSync(
        join(dir, 'job-guard.sql'),
        `-- @param jobId
-- @notNull n
-- @nullable id
SELECT j.id, j.guard_id, j.title, g.email, count(*) OVER () AS n
  FROM jobs j LEFT JOIN users g ON g.id = j.guard_id
 WHERE j.id = :jobId`,
      );
      const { model, failures } = await describeQueries(client, loadQueryFiles(dir));
      expect(failures).toEqual([]);
      expect(model.queries[0]!.columns.map((c) => [c.name, c.nullable, c.nullability])).toEqual([
        ['id', true, 'declared'],
        ['guard_id', true, 'nullable-column'],
        ['title', false, 'not-null-column'],
        ['email', true, 'outer-join'],
        ['n', false, 'declared'],
      ]);
    });

    it('geography, json and null-default parameters are sent so the database reads them as given', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aegis-sql-'));
      writeFileSync(
        join(dir, 'echo.sql'),
        `-- @param point
-- @param skills
-- @param since = null
-- @notNull distance, kind, has_since
SELECT ST_Distance(:point, ST_SetSRID(ST_MakePoint(-118.25, 34.05), 4326)::geography) AS distance,
       jsonb_typeof(:skills::jsonb) AS kind, :skills::jsonb AS skills, (:since::timestamptz IS NOT NULL) AS has_since,
       :point::geography(Point,4326) AS point`,
      );
      const { model, failures } = await describeQueries(client, loadQueryFiles(dir));
      expect(failures).toEqual([]);
      const described = model.queries[0]!;
      expect(described.params.map((p) => [p.name, p.type.sql, queryParamType(p.type).encoding])).toEqual([
        ['point', 'geography', 'geography'],
        ['skills', 'jsonb', 'json'],
        ['since', 'timestamp with time zone', 'value'],
      ]);
      const echo = defineNamedQuery<{ point: unknown; skills: unknown; since?: Date | null }, Record<string, unknown>>({
        name: described.name,
        sql: described.sql,
        params: described.params.map((p) => ({
          name: p.name,
          encoding: queryParamType(p.type).encoding,
          ...('default' in p ? { default: p.default! } : {}),
        })),
        rowSchema: { parse: (row) => row as Record<string, unknown> },
      });
      const pool = new pg.Pool({ connectionString: db.url, max: 1 });
      try {
        await registerAegisTypes(pool);
        const point = { type: 'Point', coordinates: [-118.25, 34.05] };
        const [row] = await echo.run(pool, { point, skills: ['patrol', 'event'] });
        expect(row).toEqual({ distance: 0, kind: 'array', skills: ['patrol', 'event'], has_since: false, point });
        const [later] = await echo.run(pool, { point, skills: { a: 1 }, since: new Date() });
        expect(later).toMatchObject({ kind: 'object', has_since: true });
      } finally {
        await pool.end();
      }
    });

    it('a query that does not prepare is a failure at the line and column PostgreSQL points at; the others are still described', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aegis-sql-'));
      writeFileSync(join(dir, 'ok.sql'), '-- @param id\nSELECT title FROM jobs WHERE id = :id');
      writeFileSync(
        join(dir, 'broken.sql'),
        '-- Uses a column that does not exist.\n-- @param jobId\nSELECT id,\n       strat_time\n  FROM jobs WHERE id = :jobId',
      );
      writeFileSync(join(dir, 'unnamed.sql'), 'SELECT 1 + 1');
      const { model, failures } = await describeQueries(client, loadQueryFiles(dir));
      expect(model.queries.map((q) => q.name)).toEqual(['ok']);
      expect(failures.map(({ file, line, column, message }) => ({ file, line, column, message }))).toEqual([
        { file: `${dir.split('/').at(-1)}/broken.sql`, line: 4, column: 8, message: 'column "strat_time" does not exist' },
        { file: `${dir.split('/').at(-1)}/unnamed.sql`, line: 1, column: 1, message: 'result column 1 has no name' },
      ]);
      expect(failures[0]!.frame).toContain('>');
      await expect(describeNamedQueries(client, dir)).rejects.toMatchObject({
        code: 'INTEGRITY',
        message: expect.stringMatching(/broken\.sql:4:8: column "strat_time" does not exist \(and 1 more: .*unnamed\.sql\)$/),
      });
    });
  });
}
