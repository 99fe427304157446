import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, dataDirHolder, lockPathOf } from '../../src/database/embedded-lock.js';
import { commandLabel } from '../../src/database/engine.js';
import { sessionChanges } from '../../src/database/session-changes.js';
import { message, renameStatement, sqlTextOf } from '../../src/database/wire-messages.js';

const root = mkdtempSync(join(tmpdir(), 'aegis-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A pid that was alive a moment ago and is dead now. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout as unknown as number;
}

describe('the data directory lock', () => {
  it('is held by one taker; a second is told who holds it; release frees it', () => {
    const dataDir = join(root, 'one');
    const first = acquireDataDirLock(dataDir, 'aegis-db dev');
    expect(first.acquired).toBe(true);
    const second = acquireDataDirLock(dataDir, 'aegis-db migrate up');
    expect(second).toMatchObject({ acquired: false, holder: { pid: process.pid, command: 'aegis-db dev' } });
    if (!first.acquired) return;
    first.lock.advertise('postgres://postgres@127.0.0.1:1/postgres');
    expect(JSON.parse(readFileSync(lockPathOf(dataDir), 'utf8')).url).toBe('postgres://postgres@127.0.0.1:1/postgres');
    first.lock.release();
    expect(existsSync(lockPathOf(dataDir))).toBe(false);
    const third = acquireDataDirLock(dataDir, 'aegis-db dev');
    expect(third.acquired).toBe(true);
    if (third.acquired) third.lock.release();
  });

  it("a dead process's lock is taken over at once", () => {
    const dataDir = join(root, 'stale');
    const pid = Number(deadPid());
    writeFileSync(
      lockPathOf(dataDir),
      JSON.stringify({
        pid,
        processStart: undefined,
        command: 'aegis-db dev',
        url: 'postgres://x@127.0.0.1:9/postgres',
        startedAt: '2026-01-01T00:00:00Z',
        token: 'old',
      }),
    );
    expect(dataDirHolder(dataDir)).toBeUndefined();
    const attempt = acquireDataDirLock(dataDir, 'aegis-db dev');
    expect(attempt.acquired).toBe(true);
    if (attempt.acquired) attempt.lock.release();
  });

  it('an unreadable lock file is taken over too', () => {
    const dataDir = join(root, 'garbage');
    writeFileSync(lockPathOf(dataDir), 'not json');
    const attempt = acquireDataDirLock(dataDir, 'aegis-db dev');
    expect(attempt.acquired).toBe(true);
    if (attempt.acquired) attempt.lock.release();
  });

  it('a reused pid (same number, another process start) does not count as the holder', () => {
    const dataDir = join(root, 'reused');
    writeFileSync(
      lockPathOf(dataDir),
      JSON.stringify({ pid: process.pid, processStart: '1', command: 'aegis-db dev', startedAt: '2026-01-01T00:00:00Z', token: 'old' }),
    );
    expect(dataDirHolder(dataDir)).toBeUndefined();
  });
});

describe('commandLabel', () => {
  it('names the command and subcommand, skipping flag values', () => {
    expect(commandLabel(['--data-dir', '/tmp/d', '--migrations-dir', 'm', 'migrate', 'up'])).toBe('aegis-db migrate up');
    expect(commandLabel(['seed', '--profile', 'demo'])).toBe('aegis-db seed');
    expect(commandLabel([])).toBe('aegis-db');
  });
});

describe('sessionChanges', () => {
  it('sees settings, custom settings, temporary objects, prepared statements and advisory locks in SQL text', () => {
    expect(sessionChanges(`SELECT set_config('aegis.user_id', $1, false)`)).toMatchObject({
      settings: true,
      customNames: ['aegis.user_id'],
    });
    expect(sessionChanges('BEGIN; SET LOCAL aegis.status_reason = $$x$$')).toMatchObject({
      settings: true,
      customNames: ['aegis.status_reason'],
    });
    expect(sessionChanges('SET search_path = pg_catalog')).toMatchObject({
      settings: true,
      temporary: false,
      prepared: false,
      advisory: false,
    });
    expect(sessionChanges('CREATE TEMP TABLE t (x int)').temporary).toBe(true);
    expect(sessionChanges('PREPARE s AS SELECT 1').prepared).toBe(true);
    expect(sessionChanges('SELECT pg_try_advisory_lock(1, 2)').advisory).toBe(true);
    expect(sessionChanges('DISCARD ALL')).toMatchObject({ settings: true, temporary: true, prepared: true, advisory: true });
    expect(sessionChanges(`UPDATE jobs SET status = 'paid' WHERE id = $1`)).toMatchObject({
      settings: false,
      temporary: false,
      prepared: false,
      advisory: false,
    });
  });
});

describe('wire messages', () => {
  const parse = (name: string, sql: string) => message('P', Buffer.concat([Buffer.from(`${name}\0${sql}\0`), Buffer.from([0, 0])]));
  it('renames a named statement in Parse, Bind, Describe and Close, and leaves the unnamed one', () => {
    const rename = (name: string) => `c7_${name}`;
    expect(sqlTextOf(renameStatement(parse('q', 'SELECT 1'), rename))).toBe('SELECT 1');
    expect(renameStatement(parse('q', 'SELECT 1'), rename).subarray(5, 10).toString()).toBe('c7_q\0');
    expect(renameStatement(parse('', 'SELECT 1'), rename)).toEqual(parse('', 'SELECT 1'));
    const bind = message('B', Buffer.from('\0q\0\0\0\0\0\0\0'));
    expect(renameStatement(bind, rename).subarray(5).toString('latin1')).toBe('\0c7_q\0\0\0\0\0\0\0');
    expect(
      renameStatement(message('D', Buffer.from('Sq\0')), rename)
        .subarray(5)
        .toString(),
    ).toBe('Sc7_q\0');
    expect(
      renameStatement(message('C', Buffer.from('Pportal\0')), rename)
        .subarray(5)
        .toString(),
    ).toBe('Pportal\0');
  });
});
