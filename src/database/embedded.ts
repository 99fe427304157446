import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { AegisError } from '../errors/aegis-error.js';
import { acquireDataDirLock, dataDirHolder, describeHolder, type DataDirHolder, type DataDirLock } from './embedded-lock.js';
import { EmbeddedSessionServer } from './embedded-sessions.js';
import { dumpEngine, type DumpOptions } from './embedded-dump.js';
import { corePostgis } from './postgis-bundle.js';
import { createBaseExtensions, discardBaseCluster, readBaseCluster, saveBaseCluster } from './base-cluster.js';
import { option } from '../errors/option.js';

/** Default bound on a transaction left idle on the embedded engine (PostgreSQL's idle_in_transaction_session_timeout). */
export const DEFAULT_IDLE_TRANSACTION_TIMEOUT_MS = 30_000;

export interface EmbeddedOptions {
  /** Data directory; undefined keeps everything in memory. */
  dataDir: string | undefined;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** A data-dir tarball (from `dumpDataDir`) to start from instead of an empty cluster. */
  loadDataDir?: Blob | File;
  /** Ends a client idle inside a transaction for longer than this (default 30 s; 0 = never). */
  idleInTransactionTimeoutMs?: number;
  /** Who opens the data directory, recorded in its lock (e.g. "aegis-db dev"). */
  command?: string;
  /** Record the server's URL in the data directory's lock, so other commands use this server (aegis-db dev). */
  share?: boolean;
  /** Told about sessions the server ended and bookkeeping it could not do. */
  onEvent?: (text: string) => void;
  /** Do not keep the process alive just to serve it (test databases). */
  unref?: boolean;
}

export interface EmbeddedServer {
  url: string;
  db: PGlite;
  port: number;
  /** Clients connected right now. */
  connectionCount(): number;
  /** Resolves once the sessions of clients that left are cleaned up. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** The process that has the embedded database in `dataDir` open, if any (it serves it at `url` when it shares it). */
export function runningEmbedded(dataDir: string): DataDirHolder | undefined {
  return dataDirHolder(dataDir);
}

export function alreadyOpenError(dataDir: string, holder: DataDirHolder): AegisError {
  return new AegisError('REFUSED', `the embedded database in ${dataDir} is already open in ${describeHolder(holder)}`, {
    hint: holder.url
      ? `use DATABASE_URL=${holder.url}, or stop that process first`
      : holder.command === 'aegis-db dev'
        ? 'it is still starting: try again in a few seconds'
        : 'wait for that command to finish, or run aegis-db dev to share one database between commands',
  });
}

/** The PGlite options startEmbedded opens the engine with: PostGIS and btree_gist loaded. */
export async function embeddedEngineOptions(options: Pick<EmbeddedOptions, 'dataDir' | 'loadDataDir'>): Promise<PGliteOptions> {
  const [{ postgis }, { btree_gist }] = await Promise.all([
    import('@electric-sql/pglite-postgis'),
    import('@electric-sql/pglite/contrib/btree_gist'),
  ]);
  return {
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { postgis: corePostgis(postgis), btree_gist },
  };
}

/**
 * Opens the data directory for this process alone (the lock is taken before PGlite touches it); throws
 * REFUSED naming the holder when another live process has it open.
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const attempt = acquireDataDirLock(dataDir, command);
  if (!attempt.acquired) throw alreadyOpenError(dataDir, attempt.holder);
  mkdirSync(dataDir, { recursive: true });
  return attempt.lock;
}

/**
 * Opens PGlite on the options' data. A new cluster (nothing to load, no data dir yet) starts from the base
 * cluster (initdb + the extensions, see base-cluster.ts); without a usable one it is created from scratch
 * and saved as this machine's base for the next time.
 */
async function openEngine(options: EmbeddedOptions): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { dataDir } = options;
  const isNew = !options.loadDataDir && !(dataDir && existsSync(join(dataDir, 'PG_VERSION')));
  if (!isNew) return PGlite.create(await embeddedEngineOptions(options));
  const wasEmpty = !dataDir || readdirSync(dataDir).length === 0;
  const base = readBaseCluster();
  if (base) {
    try {
      return await PGlite.create(await embeddedEngineOptions({ dataDir, loadDataDir: base.tarball }));
    } catch (error) {
      options.onEvent?.(
        `the cached base cluster ${base.path} did not start (${error instanceof Error ? error.message : String(error)}); creating a new one`,
      );
      discardBaseCluster(base);
      if (dataDir && wasEmpty) for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    }
  }
  const db = await PGlite.create(await embeddedEngineOptions({ dataDir }));
  try {
    await createBaseExtensions(db);
    await saveBaseCluster(db).catch((error: unknown) =>
      options.onEvent?.(`cannot cache the base cluster: ${error instanceof Error ? error.message : String(error)}`),
    );
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}

/**
 * Starts PGlite with PostGIS and btree_gist and serves it over the PostgreSQL wire protocol on 127.0.0.1,
 * so node-pg-migrate, `pg` and psql talk to it like to any server. Clients take turns on its one backend,
 * each with its own session settings (see EmbeddedSessionServer).
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dataDir } = options;
  const lock = dataDir ? lockDataDir(dataDir, options.command ?? 'aegis-db') : undefined;
  let db: PGlite | undefined;
  try {
    db = await openEngine(options);
    const engine = db;
    const sessions = new EmbeddedSessionServer({
      db: engine,
      host: '127.0.0.1',
      port: options.port ?? 0,
      idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs ?? DEFAULT_IDLE_TRANSACTION_TIMEOUT_MS,
      commands: { dump: (args) => dumpEngine(engine, args as DumpOptions) },
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.unref ? { unref: true } : {}),
    });
    let port: number;
    try {
      port = await sessions.start();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new AegisError('USAGE', `cannot serve the embedded database on 127.0.0.1:${options.port}: ${code ?? String(error)}`, {
        hint: `choose another ${option('port')}, or stop the program using it`,
        cause: error,
      });
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    if (lock && options.share) lock.advertise(url);
    let stopped = false;
    return {
      url,
      db: engine,
      port,
      connectionCount: () => sessions.connectionCount,
      settled: () => sessions.settled(),
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await sessions.stop();
          await engine.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    await db?.close().catch(() => {});
    lock?.release();
    throw error;
  }
}
