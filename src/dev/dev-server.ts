import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { startEmbedded } from '../database/embedded.js';
import { AegisError, isAegisError } from '../errors/aegis-error.js';
import { connect } from '../database/connect.js';
import { migrate } from '../migrations/migrate.js';
import { silentLogger, type Logger } from '../logger.js';
import { seedDemo } from './seed-demo.js';
import { databaseTarget } from '../database/target.js';
import { option } from '../errors/option.js';

/** The port `aegis-db dev` serves on unless told otherwise, so services can put it in their .env once. */
export const DEV_PORT = 54329;

export interface DevServerOptions {
  /** Embedded data directory (kept between runs). */
  dataDir: string;
  /** Port on 127.0.0.1 (default DEV_PORT; 0 picks a free one). */
  port?: number;
  migrationsDir: string;
  /** Seed the demo profile when the users table is empty (default true). */
  seed?: boolean;
  /** A client idle inside a transaction longer than this is ended (default 30 s; 0 = never). */
  idleInTransactionTimeoutMs?: number;
  logger?: Logger;
}

export interface DevServer {
  url: string;
  port: number;
  /** Migrations applied by this start. */
  applied: string[];
  seeded: 'seeded' | 'not-empty' | 'skipped';
  readyMs: number;
  /** Clients connected right now. */
  connectionCount(): number;
  stop(): Promise<void>;
}

/**
 * Starts the embedded engine on `dataDir`, brings it up to date, seeds it once, and serves it on
 * 127.0.0.1 for other services and psql. A second start on the same data dir is refused (the data dir's lock, embedded-lock.ts).
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const port = options.port ?? DEV_PORT;
  // A port in use is found before the data dir is touched, and a data dir this run created goes if it fails.
  await checkPortFree(port);
  const fresh = !existsSync(options.dataDir) || readdirSync(options.dataDir).length === 0;
  const removeFresh = () => {
    if (fresh) rmSync(options.dataDir, { recursive: true, force: true });
  };
  const server = await startEmbedded({
    dataDir: options.dataDir,
    port,
    command: 'aegis-db dev',
    share: true,
    ...(options.idleInTransactionTimeoutMs === undefined ? {} : { idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs }),
    onEvent: (text) => logger.warn(text),
  }).catch((error: unknown) => {
    // Refused means another process holds the data dir (and may be creating it right now): it is theirs.
    if (!(isAegisError(error) && error.code === 'REFUSED')) removeFresh();
    throw error;
  });
  try {
    const result = await migrate({ target: databaseTarget(server.url), migrationsDir: options.migrationsDir, direction: 'up', logger });
    if (result.error) throw result.error;
    const applied = result.steps.filter((step) => step.status === 'applied').map((step) => step.name);
    let seeded: DevServer['seeded'] = 'skipped';
    if (options.seed ?? true) {
      const client = await connect(server.url, { applicationName: 'aegis-db dev' });
      const empty = await client
        .query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM users) AS empty')
        .then(({ rows }) => rows[0]!.empty)
        .finally(() => client.end());
      if (empty) {
        await seedDemo(server.url, { migrationsDir: options.migrationsDir, logger });
        seeded = 'seeded';
      } else {
        seeded = 'not-empty';
      }
    }
    return {
      url: server.url,
      port: server.port,
      applied,
      seeded,
      readyMs: performance.now() - started,
      connectionCount: () => server.connectionCount(),
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Refuses a port another program listens on (USAGE), like the embedded server would, but before any work. */
async function checkPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new AegisError('USAGE', `cannot serve the embedded database on 127.0.0.1:${port}: ${error.code ?? String(error)}`, {
          hint: `choose another ${option('port')}, or stop the program using it`,
          cause: error,
        }),
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
