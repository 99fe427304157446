import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'migrations');

const shippedMigrations = readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.sql')).length;

describe('aegis-db seed on the embedded default', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'aegis-e2e-seed-'));

  it('rejects a bad --profile with a usage error (exit 2)', async () => {
    const r = await runCli(['seed', '--profile', 'huge'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: --profile must be demo or load, not "huge"/);
  });

  it('refuses an unmigrated database (exit 9), naming the pending migrations', async () => {
    const r = await runCli(['seed'], { cwd });
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(
      new RegExp(
        `error: refusing to seed database "postgres": it is not migrated; ${shippedMigrations} pending migration\\(s\\): 20261122000100_extensions.*run aegis-db migrate first`,
      ),
    );
  });

  it('after migrate, prints the demo logins; a second run changes nothing; --json gives rows per table', async () => {
    expect((await runCli(['migrate'], { cwd })).code).toBe(0);
    const r = await runCli(['seed'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/seeded demo profile \(seed 7, anchor \d{4}-\d{2}-\d{2}\)/);
    for (const email of [
      'customer@demo.aegis.com',
      'guard1@demo.aegis.com',
      'guard2@demo.aegis.com',
      'guard3@demo.aegis.com',
      'admin@demo.aegis.com',
    ]) {
      expect(r.stdout).toContain(email);
    }
    const again = await runCli(['seed', '--json'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout) as { alreadySeeded: boolean; tables: Record<string, number> };
    expect(summary.alreadySeeded).toBe(true);
    expect(Object.keys(summary.tables)).toEqual([
      'users',
      'guard_profiles',
      'jobs',
      'job_status_history',
      'location_history',
      'payments',
      'sessions',
    ]);
  });

  it('refuses NODE_ENV=production unless --force (exit 9)', async () => {
    const r = await runCli(['seed'], { cwd, env: { NODE_ENV: 'production' } });
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/NODE_ENV is production.*--force/);
  });
});
