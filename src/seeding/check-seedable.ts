import type pg from 'pg';
import { AegisError } from '../errors/aegis-error.js';
import { loadMigrations } from '../migrations/load-migrations.js';
import { readMigrationStatus } from '../migrations/status.js';

/** The database-level setting that marks a production database (see docs/seeding.md). */
export const ENVIRONMENT_SETTING = 'aegis.environment';

export interface SeedableOptions {
  migrationsDir: string;
  force: boolean;
  nodeEnv: string | undefined;
}

/**
 * Refuses to seed a production database (marked with `ALTER DATABASE … SET aegis.environment =
 * 'production'`, or NODE_ENV=production in this process) unless forced, and always refuses a database
 * with pending migrations: seed rows are typed by the latest schema.
 */
export async function checkSeedable(client: pg.ClientBase, options: SeedableOptions): Promise<void> {
  // The catalog is read as well as the session: a setting applies only to sessions started after it,
  // and the embedded engine serves every connection from one long-lived session.
  const { rows } = await client.query<{ session: string | null; catalog: string | null; database: string }>(
    `SELECT current_setting('${ENVIRONMENT_SETTING}', true) AS session,
            (SELECT substr(s.setting, length('${ENVIRONMENT_SETTING}=') + 1)
               FROM pg_catalog.pg_db_role_setting d
               JOIN pg_catalog.pg_database db ON db.oid = d.setdatabase AND db.datname = current_database()
               CROSS JOIN LATERAL unnest(d.setconfig) AS s(setting)
              WHERE d.setrole = 0 AND s.setting LIKE '${ENVIRONMENT_SETTING}=%'
              LIMIT 1) AS catalog,
            current_database() AS database`,
  );
  const { session, catalog, database } = rows[0]!;
  const environment = [session, catalog].find((value) => value?.trim().toLowerCase() === 'production') ?? session ?? catalog;
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
  const status = await readMigrationStatus(client, loadMigrations(options.migrationsDir));
  if (status.pending.length > 0) {
    const shown = status.pending.slice(0, 5).join(', ') + (status.pending.length > 5 ? `, … (${status.pending.length - 5} more)` : '');
    const what = status.applied.length === 0 ? 'is not migrated' : 'is only partly migrated';
    throw new AegisError('REFUSED', `refusing to seed database "${database}": it ${what}; ${status.pending.length} pending migration(s): ${shown}`, {
      hint: 'run aegis-db migrate first (seed rows follow the latest schema)',
    });
  }
}
