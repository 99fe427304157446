import type pg from 'pg';

/** The database-level setting that marks a production database (see docs/seeding.md). */
export const ENVIRONMENT_SETTING = 'aegis.environment';

export interface EnvironmentMark {
  /** The mark's value, or undefined when the database carries none. */
  environment: string | undefined;
  production: boolean;
  database: string;
}

/**
 * Reads the `aegis.environment` mark (`ALTER DATABASE … SET aegis.environment = 'production'`). The catalog
 * is read as well as the session: a setting applies only to sessions started after it, and the embedded
 * engine serves every connection from one long-lived session.
 */
export async function readEnvironmentMark(client: pg.ClientBase): Promise<EnvironmentMark> {
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
  const isProduction = (value: string | null) => value?.trim().toLowerCase() === 'production';
  const environment = [session, catalog].find(isProduction) ?? session ?? catalog ?? undefined;
  return { environment: environment || undefined, production: isProduction(environment ?? null), database };
}
