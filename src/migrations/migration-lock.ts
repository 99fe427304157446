import type pg from 'pg';
import { AegisError } from '../errors/aegis-error.js';
import { option } from '../errors/option.js';

/** The advisory lock key every aegis-db runner takes (two int4 halves: 'AEGI', 'SMIG'). */
export const LOCK_KEY: readonly [number, number] = [0x41454749, 0x534d4947];

export interface LockHolder {
  pid: number;
  applicationName: string;
  since: Date | null;
}

/** Who holds this database's migration lock right now, if anyone (advisory locks are per database). */
export async function lockHolder(client: pg.ClientBase): Promise<LockHolder | undefined> {
  const { rows } = await client.query<{ pid: number; application_name: string; since: Date | null }>(
    `SELECT a.pid, a.application_name, coalesce(a.xact_start, a.backend_start) AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      LIMIT 1`,
    [LOCK_KEY[0], LOCK_KEY[1]],
  );
  const row = rows[0];
  return row ? { pid: row.pid, applicationName: row.application_name, since: row.since } : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the session-level migration lock, polling until `waitMs` has passed; then fails naming the holder.
 * Polling (not a blocking pg_advisory_lock) keeps the wait bounded and the process interruptible.
 */
export async function acquireMigrationLock(client: pg.ClientBase, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  let delay = 50;
  for (;;) {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_KEY[0], LOCK_KEY[1]]);
    if (rows[0]?.ok) return;
    if (Date.now() >= deadline) {
      const holder = await lockHolder(client);
      const who = holder
        ? `process ${holder.pid} (${holder.applicationName || 'no application_name'}${holder.since ? `, since ${holder.since.toISOString()}` : ''})`
        : 'another session';
      throw new AegisError('LOCK_TIMEOUT', `another migration runner holds the migration lock: ${who}; gave up after ${waitMs} ms`, {
        hint: `wait for it to finish and re-run, raise ${option('lockWait')}, or end that session (SELECT pg_terminate_backend(pid))`,
      });
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    delay = Math.min(delay * 2, 500);
  }
}

export async function releaseMigrationLock(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_KEY[0], LOCK_KEY[1]]);
}
