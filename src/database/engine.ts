import { relative } from 'node:path';
import type { Config } from '../config/config.js';
import { redact } from '../errors/redact.js';

export type EngineKind = 'server' | 'embedded';

const COMMANDS = new Set(['migrate', 'lint', 'seed', 'types', 'schema', 'dump', 'dev', 'retention', 'privacy', 'doctor', 'docs']);

/** "aegis-db migrate up" from the process arguments, for the data dir's lock (flag values are skipped). */
export function commandLabel(args: string[]): string {
  const at = args.findIndex((arg) => COMMANDS.has(arg));
  if (at < 0) return 'aegis-db';
  const sub = args[at + 1];
  return `aegis-db ${args[at]}${sub && /^[a-z]+$/.test(sub) ? ` ${sub}` : ''}`;
}

/** A database the library can reach at `url`, whatever runs it. */
export interface Engine {
  kind: EngineKind;
  url: string;
  /** One line for people: which engine and where. */
  description: string;
  close(): Promise<void>;
}

/**
 * A server when a URL is configured; otherwise the embedded engine on the configured data dir, or the
 * server an `aegis-db dev` process is already running on it. A data dir open in another process that does
 * not share it is refused (REFUSED), never opened a second time.
 */
export async function openEngine(config: Config, options: { port?: number } = {}): Promise<Engine> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    return { kind: 'server', url, description: `server ${redact(url)}`, close: async () => {} };
  }
  // PGlite and the session server load only on the embedded path.
  const { alreadyOpenError, runningEmbedded, startEmbedded } = await import('./embedded.js');
  const where = config.memory ? 'in memory' : relative(process.cwd(), config.dataDir) || '.';
  if (!config.memory) {
    const running = runningEmbedded(config.dataDir);
    if (running && (!running.url || options.port !== undefined)) throw alreadyOpenError(config.dataDir, running);
    if (running?.url) {
      return {
        kind: 'embedded',
        url: running.url,
        description: `embedded PGlite + PostGIS (${where}, served by aegis-db dev pid ${running.pid} at ${running.url})`,
        close: async () => {},
      };
    }
  }
  const server = await startEmbedded({
    dataDir: config.memory ? undefined : config.dataDir,
    command: commandLabel(process.argv.slice(2)),
    ...options,
  });
  return {
    kind: 'embedded',
    url: server.url,
    description: `embedded PGlite + PostGIS (${where})`,
    close: () => server.stop(),
  };
}
