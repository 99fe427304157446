import { relative } from 'node:path';
import type { Config } from '../config/config.js';
import { redact } from '../config/redact.js';
import { runningEmbedded, startEmbedded } from './embedded.js';

export type EngineKind = 'server' | 'embedded';

/** A database the library can reach at `url`, whatever runs it. */
export interface Engine {
  kind: EngineKind;
  url: string;
  /** One line for people: which engine and where. */
  description: string;
  close(): Promise<void>;
}

/**
 * A server when a URL is configured; otherwise the embedded engine on the configured data dir
 * (or the one an `aegis-db dev` process is already serving from it).
 */
export async function openEngine(config: Config, options: { port?: number } = {}): Promise<Engine> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    return { kind: 'server', url, description: `server ${redact(url)}`, close: async () => {} };
  }
  const where = config.memory ? 'in memory' : relative(process.cwd(), config.dataDir) || '.';
  if (!config.memory) {
    const running = runningEmbedded(config.dataDir);
    if (running && options.port === undefined) {
      return {
        kind: 'embedded',
        url: running.url,
        description: `embedded PGlite + PostGIS (${where}, served by aegis-db dev pid ${running.pid} at ${running.url})`,
        close: async () => {},
      };
    }
  }
  const server = await startEmbedded({ dataDir: config.memory ? undefined : config.dataDir, ...options });
  return {
    kind: 'embedded',
    url: server.url,
    description: `embedded PGlite + PostGIS (${where})`,
    close: () => server.stop(),
  };
}
