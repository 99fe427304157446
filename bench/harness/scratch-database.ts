import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { join } from 'node:path';
import { databaseTarget, withDatabase } from '../../src/database/target.js';
import { migrate } from '../../src/migrations/migrate.js';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A throwaway database on the benchmark server, empty or copied from `template` (FILE_COPY: a large loaded
 * template is cloned at disk speed, which makes "fresh 1M-row table per run" affordable).
 */
export async function createScratchDatabase(
  serverUrl: string,
  options: { template?: string; prefix?: string } = {},
): Promise<ScratchDatabase> {
  const name = `${options.prefix ?? 'aegis_bench'}_${randomBytes(5).toString('hex')}`;
  const template = options.template ? ` TEMPLATE ${options.template} STRATEGY FILE_COPY` : '';
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}${template}`));
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Applies the migrations of the aegis-db package at `root` to `database`; a failed migration throws. */
export async function migrateScratchDatabase(database: ScratchDatabase, root: string): Promise<void> {
  const migrated = await migrate({ target: databaseTarget(database.url), migrationsDir: join(root, 'migrations'), direction: 'up' });
  if (migrated.error) throw migrated.error;
}

/** Runs `work` with one client on `url`, closing it afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'aegis-db bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
