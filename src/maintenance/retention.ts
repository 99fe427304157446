import type pg from 'pg';
import type { DatabaseTarget } from '../database/target.js';
import { withMigratedClient } from '../migrations/require-migrated.js';
import { AegisError } from '../errors/aegis-error.js';
import { silentLogger, type Logger } from '../logger.js';
import { listLocationPartitions, type LocationPartition } from './location-partitions.js';

export interface RetentionOptions {
  target: DatabaseTarget;
  /** Location history older than this many days is removed (default 30, R-7 §9). */
  locationDays?: number;
  /** Users whose last login (or, never having logged in, whose signup) is older than this are soft-deleted (default 365). */
  inactiveUserDays?: number;
  /** Daily partitions are kept this many days ahead of today (default 7). */
  aheadDays?: number;
  /** Report what would happen; change nothing. */
  dryRun?: boolean;
  /** The migrations the database must have applied (default: the ones shipped with aegis-db); pending ones are refused. */
  migrationsDir?: string;
  /** lock_timeout for each DDL step, so ingest never queues behind retention for long (default 2s). */
  lockTimeoutMs?: number;
  /** How often a DDL step that hit lock_timeout is retried before giving up (default 5). */
  lockRetries?: number;
  /** Rows per DELETE/UPDATE batch (default 10 000). */
  batchSize?: number;
  /** The clock, for tests and for replaying a run; default the database's now(). */
  now?: Date;
  logger?: Logger;
}

export interface RetentionResult {
  dryRun: boolean;
  /** Location points recorded before this instant are removed. */
  locationCutoff: string;
  /** Users inactive since before this instant are soft-deleted. */
  inactiveCutoff: string;
  partitionsCreated: string[];
  partitionsDropped: string[];
  /** Expired rows deleted from the partition straddling the cutoff and from the default partition. */
  rowsDeleted: number;
  /**
   * Rows recorded more than a day after now (a device clock far ahead, 'infinity'), which
   * location_history_recorded_at_check refuses today but a database migrated before it may hold
   * (in the default partition or a day ahead); deleted, since no real point can carry such a time.
   */
  futureRowsDeleted: number;
  usersSoftDeleted: number;
  durationMs: number;
}

const LOCK_NOT_AVAILABLE = '55P03';

const INACTIVE_USERS_WHERE = `
  u.deleted_at IS NULL
  AND coalesce(u.last_login_at, u.created_at) < $1
  AND NOT EXISTS (
    SELECT 1 FROM jobs j
    WHERE (j.customer_id = u.id OR j.guard_id = u.id) AND j.status IN ('requested', 'matched', 'in_progress'))`;

function utcDay(instant: Date, plusDays = 0): string {
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate() + plusDays));
  return day.toISOString().slice(0, 10);
}

/** The longest window retention accepts, in days. */
export const MAX_RETENTION_DAYS = 36_500;

/** The most days location_history_ensure_partitions creates in one call (its migration refuses more). */
const ENSURE_PARTITIONS_MAX_DAYS = 367;

function partitionName(day: string): string {
  return `location_history_p${day.replaceAll('-', '')}`;
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day.toISOString().slice(0, 10) <= to; day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(day.toISOString().slice(0, 10));
  }
  return days;
}

/**
 * Runs `step` in its own transaction with a short lock_timeout, retrying with growing pauses when the lock
 * is busy: a DDL statement waiting for its lock would otherwise block every writer queued behind it.
 */
async function withShortLock<T>(
  client: pg.Client,
  options: Required<Pick<RetentionOptions, 'lockTimeoutMs' | 'lockRetries'>>,
  what: string,
  logger: Logger,
  step: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${options.lockTimeoutMs}ms`]);
      const result = await step();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      if (attempt >= options.lockRetries) {
        throw new AegisError(
          'LOCK_TIMEOUT',
          `retention could not ${what}: location_history stayed locked by another transaction through ${attempt + 1} attempts of ${options.lockTimeoutMs} ms`,
          {
            hint: 'find the long transaction in pg_stat_activity and let it finish, then run retention again (it is idempotent)',
            cause: error,
          },
        );
      }
      logger.info(`retention: ${what}: lock busy, retrying (${attempt + 1}/${options.lockRetries})`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 5000)));
    }
  }
}

/** Deletes rows matching `where` from one table in bounded batches, each its own short transaction. */
async function deleteInBatches(client: pg.Client, table: string, cutoff: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await client.query(
      `DELETE FROM public.${table} WHERE ctid IN (SELECT ctid FROM public.${table} WHERE recorded_at < $1 LIMIT ${batchSize})`,
      [cutoff],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}

const FUTURE_WHERE = `recorded_at > now() + interval '1 day'`;

/** Deletes rows recorded more than a day ahead (only partitions ahead and the default partition hold any), in batches. */
async function deleteFutureInBatches(client: pg.Client, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await client.query(
      `DELETE FROM public.location_history WHERE (id, recorded_at) IN (SELECT id, recorded_at FROM public.location_history WHERE ${FUTURE_WHERE} LIMIT ${batchSize})`,
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}

async function countFuture(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM public.location_history WHERE ${FUTURE_WHERE}`);
  return Number(rows[0]!.n);
}

async function countExpired(client: pg.Client, table: string, cutoff: Date): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM public.${table} WHERE recorded_at < $1`, [cutoff]);
  return Number(rows[0]!.n);
}

async function checkMigrated(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ ok: boolean }>(
    `SELECT to_regclass('public.location_history') IS NOT NULL
        AND to_regprocedure('public.location_history_ensure_partitions(date, date)') IS NOT NULL
        AND to_regclass('public.users') IS NOT NULL AS ok`,
  );
  if (!rows[0]!.ok) {
    throw new AegisError('REFUSED', 'this database has no location_history partitions to maintain: it is not migrated', {
      hint: 'run aegis-db migrate first',
    });
  }
}

/**
 * R-7 §9 retention: drops location_history partitions wholly older than the cutoff (one short
 * ACCESS EXCLUSIVE lock each, never a table-wide DELETE), deletes the expired rows of the one partition
 * straddling the cutoff and of the default partition in small batches, keeps daily partitions created ahead,
 * and soft-deletes users inactive for a year. Idempotent: a second run finds nothing to do.
 */
export async function retention(options: RetentionOptions): Promise<RetentionResult> {
  retentionSettings(options);
  return withMigratedClient(
    options,
    { what: 'run retention on', why: 'retention maintains the partitions the migrations create' },
    (client) => retentionOn(client, options),
    { applicationName: 'aegis-db retention' },
  );
}

function retentionSettings(options: Omit<RetentionOptions, 'target'>) {
  const logger = options.logger ?? silentLogger;
  const locationDays = options.locationDays ?? 30;
  const inactiveUserDays = options.inactiveUserDays ?? 365;
  const aheadDays = options.aheadDays ?? 7;
  const batchSize = options.batchSize ?? 10_000;
  const lock = { lockTimeoutMs: options.lockTimeoutMs ?? 2000, lockRetries: options.lockRetries ?? 5 };
  for (const [name, value] of Object.entries({ locationDays, inactiveUserDays, aheadDays, batchSize })) {
    if (!Number.isInteger(value) || value < 1)
      throw new AegisError('USAGE', `retention: ${name} must be a positive whole number, not ${value}`);
  }
  for (const [name, value] of Object.entries({ locationDays, inactiveUserDays, aheadDays })) {
    if (value > MAX_RETENTION_DAYS)
      throw new AegisError('USAGE', `retention: ${name} must be at most ${MAX_RETENTION_DAYS} days (100 years), not ${value}`);
  }
  return { logger, locationDays, inactiveUserDays, aheadDays, batchSize, lock };
}

/** {@link retention} on an open client. */
export async function retentionOn(client: pg.Client, options: Omit<RetentionOptions, 'target'>): Promise<RetentionResult> {
  const started = performance.now();
  const { logger, locationDays, inactiveUserDays, aheadDays, batchSize, lock } = retentionSettings(options);
  await checkMigrated(client);
  const now = options.now ?? (await client.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
  const locationCutoff = new Date(now.getTime() - locationDays * 86_400_000);
  const inactiveCutoff = new Date(now.getTime() - inactiveUserDays * 86_400_000);
  const dryRun = Boolean(options.dryRun);
  const result: RetentionResult = {
    dryRun,
    locationCutoff: locationCutoff.toISOString(),
    inactiveCutoff: inactiveCutoff.toISOString(),
    partitionsCreated: [],
    partitionsDropped: [],
    rowsDeleted: 0,
    futureRowsDeleted: 0,
    usersSoftDeleted: 0,
    durationMs: 0,
  };

  // 1. Partitions ahead (and any missing day inside the window), before anything is dropped. The window is
  // never extended back before the oldest partition: a long --location-days keeps what exists, it does not
  // create a year of empty tables (older rows live in the default partition, which step 3 trims).
  const before = await listLocationPartitions(client);
  const oldest = before
    .map((partition) => partition.lowerBound)
    .filter((bound): bound is Date => bound !== null)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const cutoffDay = utcDay(locationCutoff);
  const oldestDay = utcDay(oldest ?? now);
  const firstDay = cutoffDay > oldestDay ? cutoffDay : oldestDay;
  const lastDay = utcDay(now, aheadDays);
  if (dryRun) {
    const existing = new Set(before.map((partition) => partition.name));
    result.partitionsCreated = daysBetween(firstDay, lastDay)
      .map(partitionName)
      .filter((name) => !existing.has(name));
  } else {
    // location_history_ensure_partitions takes at most 367 days per call: a longer window goes in chunks, each its own short lock.
    const days = daysBetween(firstDay, lastDay);
    for (let start = 0; start < days.length; start += ENSURE_PARTITIONS_MAX_DAYS) {
      const chunk = days.slice(start, start + ENSURE_PARTITIONS_MAX_DAYS);
      const created = await withShortLock(client, lock, 'create partitions ahead', logger, async () => {
        const { rows } = await client.query<{ name: string }>(
          'SELECT name FROM location_history_ensure_partitions($1::date, $2::date) AS name',
          [chunk[0], chunk.at(-1)],
        );
        return rows.map((row) => row.name);
      });
      result.partitionsCreated.push(...created);
    }
  }
  if (result.partitionsCreated.length > 0)
    logger.info(`retention: partitions ${dryRun ? 'to create' : 'created'}: ${result.partitionsCreated.join(', ')}`);

  // 2. Whole partitions older than the cutoff: oldest first, one per transaction, so each lock is brief.
  const partitions = await listLocationPartitions(client);
  const expired = partitions.filter((partition) => partition.upperBound !== null && partition.upperBound <= locationCutoff);
  for (const partition of expired) {
    if (dryRun) {
      result.partitionsDropped.push(partition.name);
      continue;
    }
    const dropped = await withShortLock(client, lock, `drop ${partition.name}`, logger, async () => {
      const { rows } = await client.query<{ name: string }>('SELECT name FROM location_history_drop_partitions_before($1) AS name', [
        partition.upperBound,
      ]);
      return rows.map((row) => row.name);
    });
    result.partitionsDropped.push(...dropped);
  }
  if (result.partitionsDropped.length > 0)
    logger.info(`retention: partitions ${dryRun ? 'to drop' : 'dropped'}: ${result.partitionsDropped.join(', ')}`);

  // 3. Expired rows in partitions that are kept: the one straddling the cutoff, and the default partition.
  const straddling = partitions.filter(
    (partition: LocationPartition) =>
      partition.upperBound === null ||
      (partition.lowerBound !== null && partition.lowerBound < locationCutoff && partition.upperBound > locationCutoff),
  );
  for (const partition of straddling) {
    result.rowsDeleted += dryRun
      ? await countExpired(client, partition.name, locationCutoff)
      : await deleteInBatches(client, partition.name, locationCutoff, batchSize);
  }

  // 4. Rows that cannot be real: recorded more than a day after the database's now() (the bound of
  // location_history_recorded_at_check; never the `now` option, so replaying an old run deletes nothing recent).
  result.futureRowsDeleted = dryRun ? await countFuture(client) : await deleteFutureInBatches(client, batchSize);
  if (result.futureRowsDeleted > 0)
    logger.info(`retention: rows recorded more than a day in the future ${dryRun ? 'to delete' : 'deleted'}: ${result.futureRowsDeleted}`);

  // 5. Inactive users: soft delete only (jobs and payments reference them), never one with an active job.
  if (dryRun) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM users u WHERE ${INACTIVE_USERS_WHERE}`, [inactiveCutoff]);
    result.usersSoftDeleted = Number(rows[0]!.n);
  } else {
    for (;;) {
      const { rowCount } = await client.query(
        `UPDATE users SET deleted_at = now()
         WHERE id IN (SELECT u.id FROM users u WHERE ${INACTIVE_USERS_WHERE} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`,
        [inactiveCutoff],
      );
      result.usersSoftDeleted += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize) break;
    }
  }
  result.durationMs = performance.now() - started;
  return result;
}
