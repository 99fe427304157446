import type pg from 'pg';
import { AegisError } from '../errors/aegis-error.js';
import { migrationStatus } from '../migrations/status.js';

/** The database-level setting that marks a production database (see docs/seeding.md). */
export const ENVIRONMENT_SETTING = 'aegis.environment';

export interface SeedableOptions {
  url: string;
  migrationsDir: string;
  force: boolean;
  nodeEnv: string | undefined;
  connectTimeoutMs?: number;
}

/**
 * Refuses to seed a production database (marked with `ALTER DATABASE … SET aegis.environment =
 * 'production'`, or NODE_ENV=production in this process) unless forced, and always refuses a database
 * with pending migrations: seed rows are typed by the latest schema.
 */
export async function checkSeedable(client: pg.ClientBase, options: SeedableOptions): Promise<void> {
  const { rows } = await client.query<{ environment: string | null; database: string }>(
    `SELECT current_setting('${ENVIRONMENT_SETTING}', true) AS environment, current_database() AS database`,
  );
  const { environment, database } = rows[0]!;
  if (!options.force) {
    if (environment?.trim().toLowerCase() === 'production') {
      throw new AegisError('REFUSED', `refusing to seed database "${database}": it is marked as production (${ENVIRONMENT_SETTING} = '${environment}')`, {
        hint: 'seeding writes demo accounts with a public password; pass --force only if this really is not production',
      });
    }
    if (options.nodeEnv?.trim().toLowerCase() === 'production') {
      throw new AegisError('REFUSED', `refusing to seed database "${database}": NODE_ENV is production`, {
        hint: 'seeding writes demo accounts with a public password; unset NODE_ENV or pass --force only if this really is not production',
      });
    }
  }
  const status = await migrationStatus({ url: options.url, migrationsDir: options.migrationsDir, connectTimeoutMs: options.connectTimeoutMs });
  if (status.pending.length > 0) {
    const shown = status.pending.slice(0, 5).join(', ') + (status.pending.length > 5 ? `, … (${status.pending.length - 5} more)` : '');
    const what = status.applied.length === 0 ? 'is not migrated' : 'is only partly migrated';
    throw new AegisError('REFUSED', `refusing to seed database "${database}": it ${what}; ${status.pending.length} pending migration(s): ${shown}`, {
      hint: 'run aegis-db migrate first (seed rows follow the latest schema)',
    });
  }
}
