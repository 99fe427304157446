import type pg from 'pg';
import type { ConnectOptions } from './connect.js';

/**
 * Where the library connects: made once (the CLI builds it from its config and engine) and passed to
 * every operation, instead of a loose URL and timeout per call.
 */
export interface DatabaseTarget {
  url: string;
  connectTimeoutMs: number;
}

export function databaseTarget(url: string, options: { connectTimeoutMs?: number } = {}): DatabaseTarget {
  return { url, connectTimeoutMs: options.connectTimeoutMs ?? 5000 };
}

/** The URL of database `name` on the same server as `url`: same host, role, password and parameters. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export type ClientOptions = Omit<ConnectOptions, 'connectTimeoutMs'>;

/** Opens one client on `target`, runs `work` with it, and always closes it. */
export async function withClient<T>(
  target: DatabaseTarget,
  work: (client: pg.Client) => Promise<T>,
  options: ClientOptions = {},
): Promise<T> {
  // pg is loaded on the first connection, not when a target is made: `aegis-db --help` never needs it.
  const { connect } = await import('./connect.js');
  const client = await connect(target.url, { ...options, connectTimeoutMs: target.connectTimeoutMs });
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}
