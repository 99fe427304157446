import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AegisError } from '../../errors/aegis-error.js';
import { connect } from '../../database/connect.js';
import { databaseTarget, withDatabase, type DatabaseTarget } from '../../database/target.js';
import { startEmbedded } from '../../database/embedded.js';
import { migratedSnapshot } from '../migrated-snapshot.js';
import { migrate } from '../migrate.js';
import type { MigrationFile } from '../migration-file.js';
import type { TraceOn } from './plan-report.js';
import { option } from '../../errors/option.js';

/** A throwaway database the trace runs on. */
export interface Scratch {
  url: string;
  close(): Promise<void>;
}

/** A temporary migrations folder holding exactly the applied files. */
async function withAppliedFolder<T>(applied: MigrationFile[], work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-plan-'));
  try {
    for (const file of applied) copyFileSync(file.path, join(dir, basename(file.path)));
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function copyFailed(error: unknown): AegisError {
  const failure = error instanceof AegisError ? error : new AegisError('INTERNAL', String(error), { cause: error });
  return new AegisError(failure.code, `copying the target's schema onto the trace engine: ${failure.text.message}`, {
    hint: `an applied migration no longer runs there; try the other trace engine (${option('traceOn', 'embedded|server')})`,
    ...(failure.detail ? { detail: failure.detail } : {}),
    cause: error,
  });
}

/**
 * The copy is made by running the target's applied migrations on the scratch engine. The migration files
 * are the schema: integrity checks (checksums, no gaps) have proven the target ran exactly these, so
 * replaying them is exact where a catalog copy would have to re-create every kind of object (and pg_dump
 * does not reach the embedded engine); hand-made drift is caught afterwards by comparing schema snapshots.
 * On the embedded engine the replay is cached as a data-dir snapshot keyed by the applied files, the one
 * test databases start from, so a second trace of the same applied set starts in the time PGlite takes.
 */
export async function openScratchCopy(
  target: DatabaseTarget | undefined,
  traceOn: TraceOn,
  applied: MigrationFile[],
  settings: { lockTimeoutMs?: number; statementTimeoutMs?: number },
): Promise<Scratch> {
  if (traceOn === 'embedded') {
    let snapshot: Blob | undefined;
    try {
      snapshot = applied.length > 0 ? await withAppliedFolder(applied, (dir) => migratedSnapshot(dir)) : undefined;
    } catch (error) {
      throw copyFailed(error);
    }
    const server = await startEmbedded({ dataDir: undefined, ...(snapshot ? { loadDataDir: snapshot } : {}) });
    return { url: server.url, close: () => server.stop() };
  }
  if (!target)
    throw new AegisError('USAGE', `${option('traceOn', 'server')} needs the target database to create its scratch database beside`, {
      hint: 'trace on the embedded engine (the default)',
    });
  const scratch = await serverScratch(target);
  try {
    const result = await withAppliedFolder(applied, (dir) =>
      migrate({
        target: databaseTarget(scratch.url, target),
        migrationsDir: dir,
        direction: 'up',
        lockTimeoutMs: settings.lockTimeoutMs,
        statementTimeoutMs: settings.statementTimeoutMs,
      }),
    );
    if (result.error) throw copyFailed(result.error);
  } catch (error) {
    await scratch.close();
    throw error instanceof AegisError && error.message.startsWith('copying') ? error : copyFailed(error);
  }
  return scratch;
}

/** A database created beside the target on its server, dropped by close(). */
async function serverScratch(target: DatabaseTarget): Promise<Scratch> {
  const name = `aegis_plan_${randomBytes(6).toString('hex')}`;
  const admin = await connect(target.url, { applicationName: 'aegis-db plan', connectTimeoutMs: target.connectTimeoutMs });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    throw new AegisError('PREREQUISITE', `cannot create a scratch database on the target's server: ${(error as Error).message}`, {
      hint: `${option('traceOn', 'server')} needs a role that may CREATE DATABASE; trace on the embedded engine instead (the default)`,
      cause: error,
    });
  } finally {
    await admin.end().catch(() => {});
  }
  return {
    url: withDatabase(target.url, name),
    async close() {
      const dropper = await connect(target.url, { applicationName: 'aegis-db plan', connectTimeoutMs: target.connectTimeoutMs });
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end().catch(() => {});
      }
    },
  };
}
