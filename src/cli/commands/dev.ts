import type { Command } from 'commander';
import { AegisError, parseDuration, startDevServer } from '../../index.js';
import { contextOf } from '../context.js';
import { ReportedFailure } from '../run.js';

/** Serves the embedded database until SIGINT/SIGTERM; returns only after a clean shutdown. */
export async function devCommand(command: Command): Promise<void> {
  const context = contextOf(command);
  const { config, output } = context;
  if (config.databaseUrl) {
    throw new AegisError('USAGE', 'aegis-db dev serves the embedded database and cannot use DATABASE_URL / --database-url', {
      hint: 'unset DATABASE_URL, or run aegis-db migrate against that server instead',
    });
  }
  if (config.memory) {
    throw new AegisError('USAGE', 'aegis-db dev keeps its data between runs and cannot be combined with --memory', {
      hint: 'drop --memory (use --data-dir for a separate database)',
    });
  }
  const flags = command.opts<{ port?: number; seed?: boolean; idleTransactionTimeout?: number }>();
  const idleText = process.env.AEGIS_IDLE_TRANSACTION_TIMEOUT;
  const idleInTransactionTimeoutMs =
    flags.idleTransactionTimeout ?? (idleText === undefined ? undefined : parseDuration(idleText, '--idle-transaction-timeout'));
  output.note(`engine: embedded PGlite + PostGIS (${config.dataDir})`);
  const server = await startDevServer({
    dataDir: config.dataDir,
    port: flags.port,
    migrationsDir: config.migrationsDir,
    seed: flags.seed,
    idleInTransactionTimeoutMs,
    logger: output.logger(),
  });
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  output.json({
    url: server.url,
    port: server.port,
    dataDir: config.dataDir,
    applied: server.applied,
    seeded: server.seeded,
    readyMs: Math.round(server.readyMs),
  });
  if (server.applied.length > 0) output.note(`applied ${server.applied.length} migration(s)`);
  if (server.seeded === 'seeded') output.note('seeded the demo profile');
  output.line(`DATABASE_URL=${server.url}`);
  output.note(`ready in ${(server.readyMs / 1000).toFixed(1)} s — try: psql ${server.url}`);
  output.note('press Ctrl-C to stop');
  const signal = await stopped;
  output.note(`${signal}: stopping`);
  try {
    await server.stop();
  } catch (error) {
    // Say so instead of crashing: a lock file left behind is ignored by the next start, since its pid is gone.
    output.warn(`shutdown was not clean: ${error instanceof Error ? error.message : String(error)}`);
    throw new ReportedFailure('INTERNAL', 'shutdown was not clean');
  }
  output.note('stopped');
}
