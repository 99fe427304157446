import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { serverUrl } from '../helpers/engines.js';
import { loadMigrations } from '../../src/migrations/load-migrations.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { MIGRATIONS_DIR } from '../helpers/engines.js';

const names = loadMigrations(MIGRATIONS_DIR).map((file) => file.name);

describe('aegis-db --help', () => {
  it('lists the commands, exit codes and environment, and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: aegis-db/);
    expect(r.stdout).toMatch(/migrate \[options\]/);
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(r.stdout).toMatch(/DATABASE_URL/);
  });
});

describe('migrate on the embedded default (no DATABASE_URL)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-e2e-embedded-'));

  it('creates ./.aegis/pgdata, applies every migration and says which engine it used', async () => {
    const r = await runCli(['migrate'], { cwd });
    expect(r.stderr).toMatch(/^engine: embedded PGlite \+ PostGIS \(\.aegis\/pgdata\)$/m);
    expect(r.code).toBe(0);
    for (const name of names) expect(r.stdout).toContain(`✔ applied ${name}`);
    expect(r.stdout).toMatch(new RegExp(`${names.length} migration\\(s\\) applied in`));
    expect(existsSync(join(cwd, '.aegis', 'pgdata'))).toBe(true);
  });

  it('keeps the data between runs: status lists everything applied, with --json for machines', async () => {
    const r = await runCli(['migrate', 'status', '--json'], { cwd });
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.engine).toBe('embedded');
    expect(status.applied.map((row: { name: string }) => row.name)).toEqual(names);
    expect(status.pending).toEqual([]);
  });

  it('is up to date on a second run', async () => {
    const r = await runCli(['migrate', 'up'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Already up to date/);
  });
});

describe.skipIf(!serverUrl)('migrate on a server (needs AEGIS_TEST_DATABASE_URL)', () => {
  let scratch: TestDatabase;
  beforeAll(async () => {
    scratch = await createTestDatabase({ url: serverUrl!, migrate: false });
  });
  afterAll(async () => {
    await scratch?.close();
  });

  it('up, status, down to zero and up again', async () => {
    const env = { DATABASE_URL: scratch.url };
    const up = await runCli(['migrate'], { env });
    expect(up.code).toBe(0);
    expect(up.stderr).toMatch(/^engine: server postgres:\/\//m);
    expect(up.stdout).toMatch(new RegExp(`${names.length} migration\\(s\\) applied`));
    const down = await runCli(['migrate', 'down', '--to', '0'], { env });
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(new RegExp(`${names.length} migration\\(s\\) reverted`));
    const { rows } = await scratch.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
    );
    expect(rows[0].n).toBe(0);
    const again = await runCli(['migrate', '--count', '2'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/2 migration\(s\) applied/);
    const redo = await runCli(['migrate', 'redo'], { env });
    expect(redo.code).toBe(0);
    expect(redo.stdout).toMatch(/1 migration\(s\) reverted[\s\S]*1 migration\(s\) applied/);
  });
});
