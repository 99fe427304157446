import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/index.js';
import { MIGRATIONS_DIR } from '../helpers/engines.js';
import { insertJob, insertUser, type FixtureUser } from '../helpers/user-fixtures.js';

describe('aegis-db retention and privacy, as a user runs them', () => {
  let db: TestDatabase;
  let guard: FixtureUser;
  let busy: FixtureUser;
  beforeAll(async () => {
    db = await createTestDatabase({ migrationsDir: MIGRATIONS_DIR });
    guard = await insertUser(db, { role: 'guard' });
    busy = await insertUser(db);
    await insertJob(db, busy, guard, 'matched', { startOffsetDays: 2 });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('retention --dry-run --json reports a plan and exits 0', async () => {
    const result = await runCli(['--database-url', db.url, '--json', 'retention', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ dryRun: true, rowsDeleted: 0 });
    expect(Array.isArray(report.partitionsDropped)).toBe(true);
  });

  it('retention rejects a bad --location-days with a usage error', async () => {
    const result = await runCli(['--database-url', db.url, 'retention', '--location-days', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--location-days must be a whole number of days from 1 to 36500');
  });

  it('privacy export prints one JSON document without the password hash', async () => {
    const result = await runCli(['--database-url', db.url, 'privacy', 'export', guard.email]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.user.email).toBe(guard.email);
    expect(document.jobsAsGuard).toHaveLength(1);
    expect(result.stdout).not.toContain('password_hash');
  });

  it('privacy export of an unknown user exits 10 and says what to do', async () => {
    const result = await runCli(['--database-url', db.url, 'privacy', 'export', 'nobody@example.com']);
    expect(result.code).toBe(10);
    expect(result.stderr).toMatch(/no user with email nobody@example.com — check the spelling/);
  });

  it('privacy forget refuses a user with an active job (exit 9)', async () => {
    const result = await runCli(['--database-url', db.url, 'privacy', 'forget', busy.id]);
    expect(result.code).toBe(9);
    expect(result.stderr).toMatch(/active job.*complete or cancel/);
  });
});

describe('aegis-db docs --check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-docs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails with exit 7 naming the stale file, and passes after regenerating', async () => {
    writeFileSync(join(dir, 'cli.md'), '# outdated\n');
    const stale = await runCli(['docs', '--check', '--out-dir', dir]);
    expect(stale.code).toBe(7);
    expect(stale.stderr).toMatch(/erd\.md, .*cli\.md are stale — run npm run docs/);
    expect(stale.stderr).toContain('committed: # outdated');
    const write = await runCli(['docs', '--out-dir', dir]);
    expect(write.code, write.stderr).toBe(0);
    const fresh = await runCli(['docs', '--check', '--out-dir', dir]);
    expect(fresh.code, fresh.stderr).toBe(0);
  });
});
