import type pg from 'pg';
import { AegisError } from '../errors/aegis-error.js';
import { requireMigrated } from '../migrations/require-migrated.js';
import { ENVIRONMENT_SETTING, readEnvironmentMark } from '../database/environment-mark.js';
import { option } from '../errors/option.js';

export { ENVIRONMENT_SETTING };

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
  const { environment, production, database } = await readEnvironmentMark(client);
  if (!options.force) {
    if (production) {
      throw new AegisError(
        'REFUSED',
        `refusing to seed database "${database}": it is marked as production (${ENVIRONMENT_SETTING} = '${environment}')`,
        {
          hint: `seeding writes demo accounts with a public password; pass ${option('force', true)} only if this really is not production`,
        },
      );
    }
    if (options.nodeEnv?.trim().toLowerCase() === 'production') {
      throw new AegisError('REFUSED', `refusing to seed database "${database}": NODE_ENV is production`, {
        hint: `seeding writes demo accounts with a public password; unset NODE_ENV or pass ${option('force', true)} only if this really is not production`,
      });
    }
  }
  await requireMigrated(client, options.migrationsDir, 'seed', 'seed rows follow the latest schema');
}
