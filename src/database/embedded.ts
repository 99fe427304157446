import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { AegisError } from '../errors/aegis-error.js';

export interface EmbeddedOptions {
  /** Data directory; undefined keeps everything in memory. */
  dataDir: string | undefined;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** A data-dir tarball (from `dumpDataDir`) to start from instead of an empty cluster. */
  loadDataDir?: Blob | File;
}

export interface EmbeddedServer {
  url: string;
  db: PGlite;
  port: number;
  stop(): Promise<void>;
}

interface LockInfo {
  pid: number;
  url: string;
  startedAt: string;
}

function lockPath(dataDir: string): string {
  return `${dataDir}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The embedded server already serving `dataDir` from another process, if any. */
export function runningEmbedded(dataDir: string): LockInfo | undefined {
  const path = lockPath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    if (info.pid !== process.pid && isAlive(info.pid)) return info;
  } catch {
    // An unreadable lock file is stale; starting will overwrite it.
  }
  return undefined;
}

/**
 * Starts PGlite with PostGIS and btree_gist and serves it over the PostgreSQL wire protocol on 127.0.0.1,
 * so node-pg-migrate, `pg` and psql talk to it like to any server.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dataDir } = options;
  if (dataDir) {
    const running = runningEmbedded(dataDir);
    if (running) {
      throw new AegisError('REFUSED', `the embedded database in ${dataDir} is already served by process ${running.pid} at ${running.url}`, {
        hint: `use DATABASE_URL=${running.url}, or stop that process first`,
      });
    }
    mkdirSync(dirname(dataDir), { recursive: true });
  }
  const [{ PGlite }, { postgis }, { btree_gist }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
    import('@electric-sql/pglite/contrib/btree_gist'),
    import('@electric-sql/pglite-socket'),
  ]);
  const db = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { postgis, btree_gist },
  });
  // Several connections: the migration runner, pg pools and psql may connect at once.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: 32 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new AegisError('USAGE', `cannot serve the embedded database on 127.0.0.1:${options.port}: ${code ?? String(error)}`, {
      hint: 'choose another --port, or stop the program using it',
      cause: error,
    });
  }
  const conn = server.getServerConn();
  const port = Number(conn.split(':').pop());
  const url = `postgres://postgres@${conn}/postgres`;
  if (dataDir) {
    writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid, url, startedAt: new Date().toISOString() } satisfies LockInfo));
  }
  let stopped = false;
  return {
    url,
    db,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      // pglite-socket handles a client's disconnect in a setImmediate that asks the database whether a
      // transaction is open; let those run before closing it, or they throw on a closed PGlite.
      await new Promise((resolve) => setImmediate(resolve));
      await db.close();
      if (dataDir) rmSync(lockPath(dataDir), { force: true });
    },
  };
}
