import { resolve, join } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import { redact } from '../errors/redact.js';
import { packageRoot } from './package-root.js';
import { ENVIRONMENT } from './environment.js';
import { option } from '../errors/option.js';

/** Everything configurable, from flags and environment, parsed in this one place. */
export interface Config {
  /** A server URL; absent means the embedded engine. */
  databaseUrl: string | undefined;
  /** Embedded engine: keep nothing on disk. */
  memory: boolean;
  /** Embedded engine data directory. */
  dataDir: string;
  /** SQL migrations folder (defaults to the package's own). */
  migrationsDir: string;
  /** How long `migrate` waits for another runner's advisory lock. */
  lockWaitMs: number;
  /** `lock_timeout` of the migration session. */
  lockTimeoutMs: number;
  /** `statement_timeout` of the migration session (0 = none; default 10min). */
  statementTimeoutMs: number;
  /** Bound on establishing a connection. */
  connectTimeoutMs: number;
  nodeEnv: string | undefined;
}

export interface ConfigFlags {
  databaseUrl?: string | undefined;
  memory?: boolean | undefined;
  dataDir?: string | undefined;
  migrationsDir?: string | undefined;
  /** Durations: text like "30s" (see {@link parseDuration}), or milliseconds already parsed. */
  lockWait?: string | number | undefined;
  lockTimeout?: string | number | undefined;
  statementTimeout?: string | number | undefined;
}

const durationPattern = /^(\d+)(ms|s|min)?$/;

/**
 * Parses "500ms", "30s", "2min" or a bare number of milliseconds. Kept by hand rather than a package such as
 * `ms`: three whole-number units are the documented form, and those packages also accept "1.5h", "2 days" or
 * "-1s", which a lock or statement timeout should refuse.
 */
export function parseDuration(text: string, what: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) {
    throw new AegisError('USAGE', `${what} must be a duration like 500ms, 30s or 2min, not "${text}"`);
  }
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const ms = unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000;
  if (ms > MAX_DURATION_MS) {
    throw new AegisError('USAGE', `${what} must be at most ${MAX_DURATION_MS}ms (about 24 days), not "${text}"`, {
      hint: 'e.g. 30s or 10min',
    });
  }
  return ms;
}

/** The longest duration PostgreSQL's timeouts and Node's timers hold (2^31 - 1 ms). */
export const MAX_DURATION_MS = 2_147_483_647;

/** A lock_timeout: 0 would mean "wait forever" to PostgreSQL, queueing every reader behind a waiting ACCESS EXCLUSIVE lock. */
export function parseLockTimeout(text: string, what: string): number {
  const ms = parseDuration(text, what);
  if (ms === 0) {
    throw new AegisError(
      'USAGE',
      `${what} 0 would let a lock wait forever (PostgreSQL reads 0 as no timeout) while every query queues behind it`,
      {
        hint: `give a bound, e.g. ${what} 10s (use 1ms to fail at once when a lock is busy)`,
      },
    );
  }
  return ms;
}

function milliseconds(value: string | number, what: string): number {
  return typeof value === 'number' ? value : parseDuration(value, what);
}

/** Why `text` is not a usable PostgreSQL URL, or undefined when it is. */
function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return `has scheme "${url.protocol}" but must start with postgres://`;
  if (!url.hostname && !url.searchParams.get('host')) return 'names no host';
  // pg would silently fall back to a database named like the user.
  if (url.pathname.replace(/^\//, '') === '') return 'names no database';
  return undefined;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const vars = env as Partial<Record<keyof typeof ENVIRONMENT | 'NODE_ENV', string>>;
  const flagUrl = flags.databaseUrl?.trim() || undefined;
  const databaseUrl = flagUrl ?? (vars.DATABASE_URL?.trim() || undefined);
  if (databaseUrl !== undefined) {
    const problem = urlProblem(databaseUrl);
    if (problem) {
      const source = flagUrl ? option('databaseUrl') : 'DATABASE_URL';
      throw new AegisError('CONFIG', `${source} "${redact(databaseUrl)}" ${problem}`, {
        hint: 'use the form postgres://USER@HOST:5432/DATABASE (a password goes after USER and a colon), or unset it to use the embedded database',
      });
    }
  }
  if (flags.memory && flags.dataDir !== undefined) {
    throw new AegisError('USAGE', `${option('memory', true)} keeps nothing on disk and cannot be combined with ${option('dataDir')}`, {
      hint: `drop ${option('memory', true)} to use the data directory, or drop ${option('dataDir')} for a throwaway database`,
    });
  }
  if (databaseUrl !== undefined && flags.memory) {
    throw new AegisError('USAGE', `${option('memory', true)} selects the embedded database and cannot be combined with a database URL`, {
      hint: `drop ${option('memory', true)}, or unset DATABASE_URL / ${option('databaseUrl')}`,
    });
  }
  return {
    databaseUrl,
    memory: Boolean(flags.memory),
    dataDir: resolve(cwd, flags.dataDir ?? vars.AEGIS_DATA_DIR ?? ENVIRONMENT.AEGIS_DATA_DIR.default),
    migrationsDir: resolve(cwd, flags.migrationsDir ?? vars.AEGIS_MIGRATIONS_DIR ?? join(packageRoot(), 'migrations')),
    lockWaitMs: milliseconds(flags.lockWait ?? vars.AEGIS_LOCK_WAIT ?? ENVIRONMENT.AEGIS_LOCK_WAIT.default, option('lockWait')),
    lockTimeoutMs:
      typeof flags.lockTimeout === 'number'
        ? flags.lockTimeout
        : parseLockTimeout(
            flags.lockTimeout ?? vars.AEGIS_LOCK_TIMEOUT ?? ENVIRONMENT.AEGIS_LOCK_TIMEOUT.default,
            flags.lockTimeout === undefined && vars.AEGIS_LOCK_TIMEOUT !== undefined ? 'AEGIS_LOCK_TIMEOUT' : option('lockTimeout'),
          ),
    statementTimeoutMs: milliseconds(
      flags.statementTimeout ?? vars.AEGIS_STATEMENT_TIMEOUT ?? ENVIRONMENT.AEGIS_STATEMENT_TIMEOUT.default,
      option('statementTimeout'),
    ),
    connectTimeoutMs: parseDuration(vars.AEGIS_CONNECT_TIMEOUT ?? ENVIRONMENT.AEGIS_CONNECT_TIMEOUT.default, 'AEGIS_CONNECT_TIMEOUT'),
    nodeEnv: vars.NODE_ENV,
  };
}
