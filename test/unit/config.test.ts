import { describe, expect, it } from 'vitest';
import { loadConfig, parseDuration } from '../../src/config/config.js';
import { redact } from '../../src/errors/redact.js';
import { AegisError } from '../../src/errors/aegis-error.js';

describe('loadConfig', () => {
  it('uses the embedded engine when no URL is given', () => {
    const config = loadConfig({}, {}, '/work/x');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('/work/x/.aegis/pgdata');
    expect(config.migrationsDir).toMatch(/migrations$/);
  });

  it('prefers --database-url over DATABASE_URL', () => {
    const config = loadConfig({ databaseUrl: 'postgres://a@h/flag' }, { DATABASE_URL: 'postgres://a@h/env' });
    expect(config.databaseUrl).toBe('postgres://a@h/flag');
  });

  it.each([
    ['mysql://u@h/db', 'has scheme "mysql:"'],
    ['not a url', 'is not a URL'],
    ['postgres://u@h:5432', 'names no database'],
    ['postgres://u@h/', 'names no database'],
  ])('rejects %s as a CONFIG error with a hint', (url, fragment) => {
    let caught: unknown;
    try {
      loadConfig({}, { DATABASE_URL: url });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AegisError);
    expect((caught as AegisError).code).toBe('CONFIG');
    expect((caught as AegisError).message).toContain(fragment);
    expect((caught as AegisError).hint).toMatch(/postgres:\/\//);
  });

  it('never echoes the password of a malformed URL', () => {
    expect(() => loadConfig({}, { DATABASE_URL: 'postgresx://u:hunter2@h/db' })).toThrow(/u:\*\*\*@h/);
  });

  it('refuses memory together with a server URL', () => {
    expect(() => loadConfig({ memory: true }, { DATABASE_URL: 'postgres://u@h/db' })).toThrow(
      /^memory: true selects the embedded database/,
    );
  });

  it.each([
    [{ memory: true, dataDir: 'x' }, {}, 'USAGE', /^memory: true keeps nothing on disk and cannot be combined with dataDir/],
    [{ lockTimeout: '0' }, {}, 'USAGE', /^lockTimeout 0 would let a lock wait forever/],
    [{}, { AEGIS_LOCK_TIMEOUT: '0s' }, 'USAGE', /AEGIS_LOCK_TIMEOUT 0 would let a lock wait forever/],
    [{ lockWait: '9999999999' }, {}, 'USAGE', /^lockWait must be at most 2147483647ms/],
  ])('refuses %o with %o', (flags, env, code, pattern) => {
    let caught: unknown;
    try {
      loadConfig(flags, env);
    } catch (error) {
      caught = error;
    }
    expect((caught as AegisError).code).toBe(code);
    expect((caught as AegisError).message).toMatch(pattern);
  });

  it('reads durations from flags and environment', () => {
    const config = loadConfig({ lockWait: '2s' }, { AEGIS_LOCK_TIMEOUT: '1500', AEGIS_STATEMENT_TIMEOUT: '2min' });
    expect(config.lockWaitMs).toBe(2000);
    expect(config.lockTimeoutMs).toBe(1500);
    expect(config.statementTimeoutMs).toBe(120_000);
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['2min', 120_000],
    ['42', 42],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text, 'x')).toBe(ms));

  it('rejects nonsense as a usage error', () => {
    expect(() => parseDuration('soon', '--lock-wait')).toThrow(/--lock-wait must be a duration/);
  });
});

describe('redact', () => {
  it('hides passwords in every URL of a text', () => {
    expect(redact('a postgres://me:s3cr%40t@db:5432/x and postgresql://u:p@h/y')).toBe(
      'a postgres://me:***@db:5432/x and postgresql://u:***@h/y',
    );
  });
  it('leaves URLs without a password alone', () => {
    expect(redact('postgres://me@db/x')).toBe('postgres://me@db/x');
  });
});
