import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { serverUrl } from '../helpers/engines.js';
import { migrationsCopy } from '../helpers/migrations-copy.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';

const root = join(import.meta.dirname, '..', '..');

const RENAME = `-- Up Migration
ALTER TABLE jobs RENAME COLUMN location_coordinates TO site_coordinates;

-- Down Migration
ALTER TABLE jobs RENAME COLUMN site_coordinates TO location_coordinates;
`;

describe('aegis-db types and the named queries of sql/', () => {
  let broken: TestDatabase;
  let fresh: TestDatabase;
  beforeAll(async () => {
    const target = serverUrl ? { url: serverUrl } : {};
    broken = await createTestDatabase({
      ...target,
      migrationsDir: migrationsCopy({ '20991231000000_rename_job_coordinates.sql': RENAME }),
    });
    fresh = await createTestDatabase(target);
  });
  afterAll(async () => {
    await broken?.close();
    await fresh?.close();
  });

  it('--check fails (exit 7) when a migration breaks a query, naming the file, line and column', async () => {
    const r = await runCli(['types', '--check'], { env: { DATABASE_URL: broken.url } });
    expect(r.code).toBe(7);
    const at = /error: sql\/match-guards-for-job\.sql:(\d+):(\d+): column job\.location_coordinates does not exist/.exec(r.stderr);
    expect(at, r.stderr).not.toBeNull();
    // The line and column point at the column PostgreSQL could not find.
    const lines = readFileSync(join(root, 'sql', 'match-guards-for-job.sql'), 'utf8').split('\n');
    expect(lines[Number(at![1]) - 1]!.slice(Number(at![2]) - 1)).toMatch(/^job\.location_coordinates/);
    expect(r.stderr).not.toMatch(/nearest-available-guards/);
    expect(r.stderr).toMatch(/no longer prepares against the migrated schema/);
    // Every broken query is shown with a code frame.
    expect(r.stderr).toMatch(/^> +\d+ \| .*job\.location_coordinates/m);
  });

  it('writing fails the same way and leaves the committed files alone', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aegis-types-'));
    const r = await runCli(['types', '--out', out], { env: { DATABASE_URL: broken.url } });
    expect(r.code).toBe(7);
    expect(r.stderr).toContain('sql/match-guards-for-job.sql:');
    expect(() => readFileSync(join(out, 'queries.ts'))).toThrow();
  });

  it('--check fails when the committed queries.ts is stale, and --json counts the queries', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aegis-types-'));
    cpSync(join(root, 'src', 'generated'), out, { recursive: true });
    const queries = join(out, 'queries.ts');
    writeFileSync(queries, readFileSync(queries, 'utf8').replace('  distance_miles: number;', '  distance_miles: number | null;'));
    const r = await runCli(['types', '--check', '--out', out], { env: { DATABASE_URL: fresh.url } });
    expect(r.code).toBe(7);
    expect(r.stderr).toContain('+   distance_miles: number;');
    expect(r.stderr).toMatch(/generated types are stale: .*queries\.ts/);
    const json = await runCli(['types', '--check', '--json'], { env: { DATABASE_URL: fresh.url } });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ queries: 7, stale: [] });
  });

  it('aegis-db/queries resolves from the built package', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const script =
      "const q = await import('aegis-db/queries'); console.log(typeof q.matchGuardsForJob, Object.keys(q.namedQueries).length, q.namedQuery('guard-active-jobs').includes('$1'));";
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(stdout.trim()).toBe('function 7 true');
  });
});
