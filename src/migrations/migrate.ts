import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type pg from 'pg';
import { runner, type MigrationBuilder } from 'node-pg-migrate';
import { AegisError, isAegisError } from '../errors/aegis-error.js';
import { prerequisiteError, type PgErrorLike } from '../errors/database-error.js';
import { withClient, type DatabaseTarget } from '../database/target.js';
import { silentLogger, type Logger } from '../logger.js';
import { loadMigrations, parseMigration } from './load-migrations.js';
import type { MigrationFile, SqlSection } from './migration-file.js';
import {
  CHECKSUMS_TABLE,
  META_SCHEMA,
  MIGRATIONS_TABLE,
  ensureMetaTables,
  forgetChecksumSql,
  readApplied,
  recordChecksumSql,
  type AppliedMigration,
} from './meta-tables.js';
import { acquireMigrationLock, releaseMigrationLock } from './migration-lock.js';
import { checkIntegrity, describeIntegrity, isClean } from './validate-applied.js';
import { codeFrame, lineColumn } from './code-frame.js';
import { dropInvalidIndexLeftBy } from './drop-invalid-index.js';
import type { HazardGate } from './plan/hazard-gate.js';

export type Direction = 'up' | 'down';

export interface MigrateOptions {
  target: DatabaseTarget;
  migrationsDir: string;
  direction: Direction;
  /** At most this many files (default: all pending for up, 1 for down). */
  count?: number | undefined;
  /** Up: stop after this migration. Down: revert until this one is the last applied ('0' reverts all). */
  to?: string | undefined;
  /** Print the plan's SQL instead of running it: no lock, no bookkeeping tables, no changes. */
  dryRun?: boolean | undefined;
  lockWaitMs?: number;
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  logger?: Logger;
  /** Up: trace the files first and refuse hazards that are not allowed (see migrate plan). */
  hazardGate?: HazardGate | undefined;
}

export type StepStatus = 'applied' | 'reverted' | 'failed' | 'not-run' | 'planned';

export interface MigrationStep {
  name: string;
  direction: Direction;
  status: StepStatus;
  durationMs?: number;
  /** Dry run: the SQL that would run. */
  sql?: string;
}

export interface MigrateResult {
  direction: Direction;
  steps: MigrationStep[];
  /** Set when a step failed; the steps before it stay done. */
  error?: AegisError;
}

/** Session settings of every migration connection. */
export function migrationSessionSettings(options: Pick<MigrateOptions, 'lockTimeoutMs' | 'statementTimeoutMs'>): Record<string, string> {
  return {
    lock_timeout: `${options.lockTimeoutMs ?? 10_000}ms`,
    statement_timeout: `${options.statementTimeoutMs ?? 600_000}ms`,
  };
}

function resolveTarget(files: MigrationFile[], to: string): string {
  const wanted = to.replace(/\.sql$/, '');
  const hit = files.find((file) => file.name === wanted || file.timestamp === wanted);
  if (!hit) throw new AegisError('USAGE', `--to ${to} names no migration`, { hint: 'run aegis-db migrate status to list them' });
  return hit.name;
}

/** The files to run, in run order. */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[], options: Pick<MigrateOptions, 'direction' | 'count' | 'to'>): MigrationFile[] {
  const appliedNames = new Set(applied.map((row) => row.name));
  const byName = new Map(files.map((file) => [file.name, file]));
  if (options.direction === 'up') {
    let pending = files.filter((file) => !appliedNames.has(file.name));
    if (options.to !== undefined) {
      const target = resolveTarget(files, options.to);
      pending = pending.filter((file) => file.name <= target);
    }
    return options.count === undefined ? pending : pending.slice(0, options.count);
  }
  const reverted = [...applied].reverse().map((row) => {
    const file = byName.get(row.name);
    if (!file) throw new AegisError('INTEGRITY', `cannot revert ${row.name}: its file is gone`, { hint: 'restore the file from version control' });
    return file;
  });
  if (options.to !== undefined) {
    if (options.to === '0') return options.count === undefined ? reverted : reverted.slice(0, options.count);
    const target = resolveTarget(files, options.to);
    return reverted.filter((file) => file.name > target);
  }
  return reverted.slice(0, options.count ?? 1);
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Maps a server error raised while running `section` of `file` to a message naming file, line and column. */
export function migrationError(error: unknown, file: MigrationFile, direction: Direction, text: string): AegisError {
  if (isAegisError(error)) return error;
  const e = error as PgErrorLike;
  const prerequisite = prerequisiteError(e);
  if (prerequisite) return prerequisite;
  if (e.code === '55P03') {
    return new AegisError('LOCK_TIMEOUT', `${display(file.path)}: waited longer than lock_timeout for a lock (${e.message})`, {
      hint: 'another session holds a conflicting lock (a long transaction?); nothing of this file was applied, re-run when it is gone or raise --lock-timeout',
      cause: error,
    });
  }
  const section: SqlSection = direction === 'up' ? file.up : file.down;
  const position = Number(e.position);
  let where = display(file.path);
  let detail: string | undefined;
  if (position > 0) {
    const { line, column } = lineColumn(text, section.offset + position - 1);
    where += `:${line}:${column}`;
    detail = codeFrame(text, line, column);
  }
  const hint = e.code === '57014' ? 'the statement ran past statement_timeout; raise --statement-timeout if it is expected to be slow' : e.hint;
  return new AegisError('MIGRATION', `${where}: ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''} [${direction}]`, {
    ...(hint ? { hint } : {}),
    ...(detail ? { detail } : {}),
    cause: error,
  });
}

/** Called by the runner as it starts each migration, before any of its SQL runs. */
type OnStart = (file: MigrationFile) => Promise<void>;

function unitsFor(files: MigrationFile[], onStart: OnStart) {
  const byPath = new Map(files.map((file) => [file.path, file]));
  return async (paths: string[]) =>
    paths.map((path) => {
      // A file added after the plan was made is parsed here; the plan itself never includes it.
      const file = byPath.get(path) ?? parseMigration(path, basename(path), readFileSync(path, 'utf8'));
      return {
        id: path,
        filePaths: [path],
        actions: {
          up: async (pgm: MigrationBuilder) => {
            await onStart(file);
            if (file.noTransaction) pgm.noTransaction();
            pgm.sql(file.up.sql);
            pgm.sql(recordChecksumSql(file.name, file.checksum));
          },
          down: async (pgm: MigrationBuilder) => {
            await onStart(file);
            if (file.noTransaction) pgm.noTransaction();
            pgm.sql(file.down.sql);
            pgm.sql(forgetChecksumSql(file.name));
          },
        },
      };
    });
}

/**
 * One node-pg-migrate run over the whole plan: it applies each file in its own transaction (or none, for a
 * no-transaction file) and records it in the same transaction. One call instead of one per file saves the
 * runner's per-call catalog queries.
 */
async function runPlan(client: pg.Client, options: Pick<MigrateOptions, 'migrationsDir' | 'direction'>, files: MigrationFile[], count: number, onStart: OnStart): Promise<void> {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  await runner({
    dbClient: client,
    dir: options.migrationsDir,
    migrationsSchema: META_SCHEMA,
    migrationsTable: MIGRATIONS_TABLE,
    direction: options.direction,
    count,
    noLock: true,
    checkOrder: false,
    singleTransaction: false,
    migrationLoaderStrategies: [{ extensions: ['.sql'], loader: unitsFor(files, onStart) }],
    logger: quiet,
  });
}

/**
 * Applies or reverts migrations one file at a time, each in its own transaction (unless it declares
 * `-- aegis:no-transaction`), under the advisory migration lock. Returns how far it got instead of throwing
 * half-way; throws only when nothing could start (bad files, no connection, integrity, lock timeout).
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const files = loadMigrations(options.migrationsDir);
  return withClient(options.target, (client) => migrateOn(client, files, options), {
    applicationName: 'aegis-db migrate',
    settings: migrationSessionSettings(options),
  });
}

/** {@link migrate} on an open client (whose session settings the caller chose). */
export async function migrateOn(client: pg.Client, files: MigrationFile[], options: Omit<MigrateOptions, 'target'> & { target?: DatabaseTarget }): Promise<MigrateResult> {
  const logger = options.logger ?? silentLogger;
  if (options.dryRun) {
    const applied = await readApplied(client);
    const report = checkIntegrity(files, applied);
    if (!isClean(report)) throw integrityError(report);
    const plan = planMigrations(files, applied, options);
    return {
      direction: options.direction,
      steps: plan.map((file) => ({
        name: file.name,
        direction: options.direction,
        status: 'planned',
        sql: (options.direction === 'up' ? file.up.sql : file.down.sql).trim(),
      })),
    };
  }
  await acquireMigrationLock(client, options.lockWaitMs ?? 30_000);
  try {
    await ensureMetaTables(client);
    const applied = await readApplied(client);
    const report = checkIntegrity(files, applied);
    if (!isClean(report)) throw integrityError(report);
    const plan = planMigrations(files, applied, options);
    if (options.hazardGate && options.direction === 'up' && plan.length > 0) {
      const { enforceHazardGate } = await import('./plan/hazard-gate.js');
      await enforceHazardGate(client, options.target, options.hazardGate, { ...options, logger });
    }
    const steps: MigrationStep[] = plan.map((file) => ({ name: file.name, direction: options.direction, status: 'not-run' }));
    const done = options.direction === 'up' ? 'applied' : 'reverted';
    // The runner follows the same plan (same pending set and order, checked above); steps are timed from
    // the start of one migration to the start of the next.
    let current = -1;
    let started = performance.now();
    const onStart: OnStart = async (file) => {
      const now = performance.now();
      if (current >= 0) steps[current] = { ...steps[current]!, status: done, durationMs: now - started };
      current = plan.findIndex((planned) => planned.name === file.name);
      started = now;
      logger.debug(`${options.direction === 'up' ? 'applying' : 'reverting'} ${file.name}`);
      if (options.direction === 'up' && file.noTransaction) {
        const dropped = await dropInvalidIndexLeftBy(client, file.up.sql);
        if (dropped) logger.warn(`${file.name}: dropped the INVALID index ${dropped} left by an earlier failed run; creating it again`);
      }
    };
    if (plan.length > 0) {
      try {
        await runPlan(client, options, files, plan.length, onStart);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        const failed = plan[current] ?? plan[0]!;
        const index = Math.max(current, 0);
        steps[index] = { ...steps[index]!, status: 'failed', durationMs: performance.now() - started };
        return { direction: options.direction, steps, error: migrationError(error, failed, options.direction, readFileSync(failed.path, 'utf8')) };
      }
      steps[current] = { ...steps[current]!, status: done, durationMs: performance.now() - started };
    }
    return { direction: options.direction, steps };
  } finally {
    await releaseMigrationLock(client).catch(() => {});
  }
}

export function integrityError(report: ReturnType<typeof checkIntegrity>): AegisError {
  return new AegisError('INTEGRITY', `migrations do not match the database: ${describeIntegrity(report)}`, {
    hint: 'restore the original files from version control; if the change is intended and reviewed, run aegis-db migrate repair',
  });
}

export { CHECKSUMS_TABLE };
