import type pg from 'pg';
import { join } from 'node:path';
import { withClient, type ClientOptions, type DatabaseTarget } from '../database/target.js';
import { AegisError } from '../errors/aegis-error.js';
import { packageRoot } from '../config/package-root.js';
import { loadMigrations } from './load-migrations.js';
import { readMigrationStatus } from './status.js';

/** The migrations shipped with aegis-db: what a command that needs the schema checks against by default. */
export function shippedMigrationsDir(): string {
  return join(packageRoot(), 'migrations');
}

/**
 * Refuses (REFUSED, exit 9) a database with pending migrations, naming them: every command that reads or
 * writes the application tables needs the schema the files describe. `what` completes "refusing to …".
 */
export async function requireMigrated(client: pg.ClientBase, migrationsDir: string, what: string, why: string): Promise<void> {
  const status = await readMigrationStatus(client, loadMigrations(migrationsDir));
  if (status.pending.length === 0) return;
  const { rows } = await client.query<{ database: string }>('SELECT current_database() AS database');
  const shown = status.pending.slice(0, 5).join(', ') + (status.pending.length > 5 ? `, … (${status.pending.length - 5} more)` : '');
  const state = status.applied.length === 0 ? 'is not migrated' : 'is only partly migrated';
  throw new AegisError(
    'REFUSED',
    `refusing to ${what} database "${rows[0]!.database}": it ${state}; ${status.pending.length} pending migration(s): ${shown}`,
    {
      hint: `run aegis-db migrate first (${why})`,
    },
  );
}

/**
 * Opens one client on `target`, refuses a database with pending migrations (against `migrationsDir`, the
 * shipped ones by default; `need` words the refusal as requireMigrated does), then runs `work` on it.
 */
export async function withMigratedClient<T>(
  options: { target: DatabaseTarget; migrationsDir?: string | undefined },
  need: { what: string; why: string },
  work: (client: pg.Client) => Promise<T>,
  clientOptions: ClientOptions,
): Promise<T> {
  return withClient(
    options.target,
    async (client) => {
      await requireMigrated(client, options.migrationsDir ?? shippedMigrationsDir(), need.what, need.why);
      return work(client);
    },
    clientOptions,
  );
}
