import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { runner, type MigrationBuilder } from 'node-pg-migrate';
import { AegisError, isAegisError } from '../errors/aegis-error.js';
import { prerequisiteError, type PgErrorLike } from '../errors/database-error.js';
import { withClient, type DatabaseTarget } from '../database/target.js';
import { silentLogger, type Logger } from '../logger.js';
import { loadMigrations, normalizeMigrationText } from './load-migrations.js';
import type { MigrationFile, SqlSection } from './migration-file.js';
import {
  META_SCHEMA,
  MIGRATIONS_TABLE,
  ensureMetaTables,
  forgetChecksumSql,
  readApplied,
  recordChecksumSql,
  type AppliedMigration,
} from './meta-tables.js';
import { acquireMigrationLock, releaseMigrationLock } from './migration-lock.js';
import { checkIntegrity, integrityError, isClean } from './validate-applied.js';
import { displayPath } from './display-path.js';
import { codeFrame, lineColumn } from './code-frame.js';
import { dropInvalidIndexLeftBy } from './drop-invalid-index.js';
import { ENVIRONMENT_SETTING, readEnvironmentMark } from '../database/environment-mark.js';
import type { HazardGate } from './plan/hazard-gate.js';
import { option } from '../errors/option.js';

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
  /** Down: revert even on a database marked production (`aegis.environment = 'production'`), which is refused otherwise. */
  force?: boolean | undefined;
  /**
   * Aborting (Ctrl-C) stops the run: no further file starts, and on a server the running statement is
   * cancelled with pg_cancel_backend from a second connection, so its transaction rolls back and the lock is
   * released. The result's error is then INTERRUPTED, naming the file.
   */
  signal?: AbortSignal | undefined;
  /** Whether an abort cancels the running statement (default true; the embedded engine cannot interrupt one). */
  cancelOnAbort?: boolean | undefined;
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
  if (!hit) throw new AegisError('USAGE', `${option('to', to)} names no migration`, { hint: 'run aegis-db migrate status to list them' });
  return hit.name;
}

/** The files to run, in run order. */
export function planMigrations(
  files: MigrationFile[],
  applied: AppliedMigration[],
  options: Pick<MigrateOptions, 'direction' | 'count' | 'to'>,
): MigrationFile[] {
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
    if (!file)
      throw new AegisError('INTEGRITY', `cannot revert ${row.name}: its file is gone`, { hint: 'restore the file from version control' });
    return file;
  });
  if (options.to !== undefined) {
    if (options.to === '0') return options.count === undefined ? reverted : reverted.slice(0, options.count);
    const target = resolveTarget(files, options.to);
    return reverted.filter((file) => file.name > target);
  }
  return reverted.slice(0, options.count ?? 1);
}

/** Maps a server error raised while running `section` of `file` to a message naming file, line and column. */
export function migrationError(error: unknown, file: MigrationFile, direction: Direction, text: string): AegisError {
  if (isAegisError(error)) return error;
  const e = error as PgErrorLike;
  const prerequisite = prerequisiteError(e);
  if (prerequisite) return prerequisite;
  if (e.code === '55P03') {
    return new AegisError('LOCK_TIMEOUT', `${displayPath(file.path)}: waited longer than lock_timeout for a lock (${e.message})`, {
      hint: `another session holds a conflicting lock (a long transaction?); nothing of this file was applied, re-run when it is gone or raise ${option('lockTimeout')}`,
      cause: error,
    });
  }
  const section: SqlSection = direction === 'up' ? file.up : file.down;
  const position = Number(e.position);
  let where = displayPath(file.path);
  let detail: string | undefined;
  if (position > 0) {
    const { line, column } = lineColumn(text, section.offset + position - 1);
    where += `:${line}:${column}`;
    detail = codeFrame(text, line, column);
  }
  const hint =
    e.code === '57014'
      ? `the statement ran past statement_timeout; raise ${option('statementTimeout')} if it is expected to be slow`
      : e.hint;
  return new AegisError('MIGRATION', `${where}: ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''} [${direction}]`, {
    ...(hint ? { hint } : {}),
    ...(detail ? { detail } : {}),
    cause: error,
  });
}

/**
 * The node-pg-migrate adapter. The runner lists `migrationsDir` and plans from the database again; our
 * loader gives it exactly the planned files, so it arrives at the same list, and each unit checks that it
 * starts in plan order. Anything else is a bug in this adapter and is reported as INTERNAL, never guessed.
 */
async function runPlan(
  client: pg.Client,
  options: Pick<MigrateOptions, 'migrationsDir' | 'direction'>,
  plan: MigrationFile[],
  onStart: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const start = async (file: MigrationFile) => {
    if (plan[next]?.path !== file.path)
      throw adapterError(`it started ${file.name} where the plan has ${plan[next]?.name ?? 'nothing more'}`);
    await onStart(next);
    next += 1;
  };
  const loader = async (paths: string[]) => {
    const listed = new Set(paths);
    const missing = plan.filter((file) => !listed.has(file.path));
    if (missing.length > 0) throw adapterError(`it did not list ${missing.map((file) => file.name).join(', ')}`);
    return plan.map((file) => ({
      id: file.path,
      filePaths: [file.path],
      actions: {
        up: async (pgm: MigrationBuilder) => {
          await start(file);
          if (file.noTransaction) pgm.noTransaction();
          pgm.sql(file.up.sql);
          pgm.sql(recordChecksumSql(file.name, file.checksum));
        },
        down: async (pgm: MigrationBuilder) => {
          await start(file);
          if (file.noTransaction) pgm.noTransaction();
          pgm.sql(file.down.sql);
          pgm.sql(forgetChecksumSql(file.name));
        },
      },
    }));
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  // One runner call over the whole plan (each file still in its own transaction) saves its per-call catalog queries.
  await runner({
    dbClient: client,
    dir: options.migrationsDir,
    migrationsSchema: META_SCHEMA,
    migrationsTable: MIGRATIONS_TABLE,
    direction: options.direction,
    count: plan.length,
    noLock: true,
    checkOrder: false,
    singleTransaction: false,
    migrationLoaderStrategies: [{ extensions: ['.sql'], loader }],
    logger: quiet,
  });
  if (next !== plan.length) throw adapterError(`it ran ${next} of the ${plan.length} planned migrations`);
}

function adapterError(what: string): AegisError {
  return new AegisError('INTERNAL', `the migration runner did not follow the plan: ${what}`, {
    hint: 'nothing after the last reported step ran; please report this as a bug',
  });
}

/** The plan against what the database recorded; refuses when the files no longer match it. */
async function readPlan(
  client: pg.ClientBase,
  files: MigrationFile[],
  options: Pick<MigrateOptions, 'direction' | 'count' | 'to'>,
): Promise<MigrationFile[]> {
  const applied = await readApplied(client);
  const report = checkIntegrity(files, applied);
  if (!isClean(report)) throw integrityError(report);
  return planMigrations(files, applied, options);
}

/** Reverting drops what migrations created, data included: on a database marked production only with force. */
async function refuseProductionRevert(client: pg.ClientBase, plan: MigrationFile[]): Promise<void> {
  const { environment, production, database } = await readEnvironmentMark(client);
  if (!production) return;
  throw new AegisError(
    'REFUSED',
    `refusing to revert ${plan.length} migration(s) on database "${database}": it is marked as production (${ENVIRONMENT_SETTING} = '${environment}')`,
    {
      hint: `reverting drops tables and their data; pass ${option('force', true)} only after a backup and a review (aegis-db migrate down ${option('dryRun', true)} shows the SQL)`,
    },
  );
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
export async function migrateOn(
  client: pg.Client,
  files: MigrationFile[],
  options: Omit<MigrateOptions, 'target'> & { target?: DatabaseTarget },
): Promise<MigrateResult> {
  const logger = options.logger ?? silentLogger;
  if (options.dryRun) {
    const plan = await readPlan(client, files, options);
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
    const plan = await readPlan(client, files, options);
    if (options.direction === 'down' && plan.length > 0 && !options.force) await refuseProductionRevert(client, plan);
    if (options.hazardGate && options.direction === 'up' && plan.length > 0) {
      const { enforceHazardGate } = await import('./plan/hazard-gate.js');
      await enforceHazardGate(client, options.target, options.hazardGate, { ...options, logger });
    }
    const steps: MigrationStep[] = plan.map((file) => ({ name: file.name, direction: options.direction, status: 'not-run' }));
    const done = options.direction === 'up' ? 'applied' : 'reverted';
    // Steps are timed from the start of one migration to the start of the next.
    let current = -1;
    let started = performance.now();
    let stoppedBefore: number | undefined;
    const onStart = async (index: number) => {
      const now = performance.now();
      if (current >= 0) steps[current] = { ...steps[current]!, status: done, durationMs: now - started };
      if (options.signal?.aborted) {
        stoppedBefore = index;
        throw new AegisError('INTERRUPTED', 'interrupted');
      }
      current = index;
      started = now;
      const file = plan[index]!;
      logger.debug(`${options.direction === 'up' ? 'applying' : 'reverting'} ${file.name}`);
      if (options.direction === 'up' && file.noTransaction) {
        const dropped = await dropInvalidIndexLeftBy(client, file.up.sql);
        if (dropped) logger.warn(`${file.name}: dropped the INVALID index ${dropped} left by an earlier failed run; creating it again`);
      }
    };
    if (plan.length > 0) {
      const stopCancel = options.signal
        ? cancelOnAbort(client, options, () => (current >= 0 ? plan[current] : undefined), logger)
        : () => {};
      try {
        await runPlan(client, options, plan, onStart);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (options.signal?.aborted)
          return {
            direction: options.direction,
            steps: interruptedSteps(steps, current, stoppedBefore, started),
            error: interruptedError(plan, steps, options.direction, current, stoppedBefore),
          };
        // A failure before the first file started (a lock, the connection) is reported against the first planned file.
        const index = Math.max(current, 0);
        const failed = plan[index]!;
        steps[index] = { ...steps[index]!, status: 'failed', durationMs: performance.now() - started };
        return {
          direction: options.direction,
          steps,
          error: migrationError(error, failed, options.direction, normalizeMigrationText(readFileSync(failed.path, 'utf8'))),
        };
      } finally {
        stopCancel();
      }
      steps[current] = { ...steps[current]!, status: done, durationMs: performance.now() - started };
    }
    return { direction: options.direction, steps };
  } finally {
    await releaseMigrationLock(client).catch(() => {});
  }
}

/** On abort, cancels the statement running on `client` from a second connection (servers only). Returns the unsubscribe. */
function cancelOnAbort(
  client: pg.Client,
  options: Pick<MigrateOptions, 'signal' | 'cancelOnAbort'> & { target?: DatabaseTarget | undefined },
  running: () => MigrationFile | undefined,
  logger: Logger,
): () => void {
  const signal = options.signal!;
  const target = options.target;
  const onAbort = () => {
    const file = running();
    const pid = (client as unknown as { processID?: number | null }).processID;
    if (!file || !target || options.cancelOnAbort === false || !pid) return;
    logger.info(`cancelling ${file.name} (server process ${pid})`);
    void withClient(target, (second) => second.query('SELECT pg_cancel_backend($1)', [pid]), {
      applicationName: 'aegis-db migrate (cancel)',
    }).catch((error: unknown) => {
      logger.warn(`could not cancel ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

function interruptedSteps(steps: MigrationStep[], current: number, stoppedBefore: number | undefined, started: number): MigrationStep[] {
  if (stoppedBefore === undefined && current >= 0)
    steps[current] = { ...steps[current]!, status: 'failed', durationMs: performance.now() - started };
  return steps;
}

function interruptedError(
  plan: MigrationFile[],
  steps: MigrationStep[],
  direction: Direction,
  current: number,
  stoppedBefore: number | undefined,
): AegisError {
  const done = steps.filter((step) => step.status === 'applied' || step.status === 'reverted').length;
  const verb = direction === 'up' ? 'applying' : 'reverting';
  const kept = `${done} migration(s) before it ${direction === 'up' ? 'stay applied' : 'stay reverted'}; the migration lock is released`;
  if (stoppedBefore !== undefined || current < 0) {
    return new AegisError('INTERRUPTED', `interrupted before ${verb} ${plan[stoppedBefore ?? 0]!.name}.sql: ${kept}`, {
      hint: 'run the same command again to continue',
    });
  }
  return new AegisError(
    'INTERRUPTED',
    `interrupted while ${verb} ${plan[current]!.name}.sql: its statement was cancelled and its transaction rolled back; ${kept}`,
    {
      hint: 'run the same command again to continue',
    },
  );
}

export { integrityError };
