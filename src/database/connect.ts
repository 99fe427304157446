import pg from 'pg';
import { connectionError } from '../errors/database-error.js';
import { reportServerNotice } from './server-notices.js';

export interface ConnectOptions {
  applicationName?: string;
  connectTimeoutMs?: number;
  /** Session settings applied right after connecting (e.g. lock_timeout). */
  settings?: Record<string, string>;
}

/** Opens one client, with a bounded connect and errors that say what to do. */
export async function connect(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    application_name: options.applicationName ?? 'aegis-db',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
  });
  // An idle client whose server goes away must not crash the process.
  client.on('error', () => {});
  client.on('notice', reportServerNotice);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError(error, url);
  }
  for (const [name, value] of Object.entries(options.settings ?? {})) {
    await client.query('SELECT set_config($1, $2, false)', [name, value]);
  }
  return client;
}
