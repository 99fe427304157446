import type pg from 'pg';
import { withClient, type DatabaseTarget } from '../database/target.js';
import { isAegisError } from '../errors/aegis-error.js';
import type { ErrorCode } from '../errors/exit-codes.js';
import { loadMigrations } from '../migrations/load-migrations.js';
import { lockHolder } from '../migrations/migration-lock.js';
import { readMigrationStatus } from '../migrations/status.js';

export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** For a failed check: the error class whose exit code it stands for. */
  code?: ErrorCode;
}

const MIN_SERVER_VERSION = 150000;
const REQUIRED_EXTENSIONS = ['postgis', 'btree_gist', 'plpgsql'];

async function serverChecks(client: pg.ClientBase): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const {
    rows: [server],
  } = await client.query<{ num: string; version: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
  );
  const ok = Number(server!.num) >= MIN_SERVER_VERSION;
  checks.push({
    name: 'server',
    status: ok ? 'ok' : 'fail',
    detail: `PostgreSQL ${server!.version}${ok ? '' : ' (aegis-db needs 15 or later)'}`,
    ...(ok ? {} : { code: 'PREREQUISITE' as const }),
  });
  const { rows: extensions } = await client.query<{ name: string; installed: string | null; available: string | null }>(
    `SELECT r.name, e.extversion AS installed, a.default_version AS available
       FROM unnest($1::text[]) AS r(name)
       LEFT JOIN pg_extension e ON e.extname = r.name
       LEFT JOIN pg_available_extensions a ON a.name = r.name
      ORDER BY array_position($1::text[], r.name)`,
    [REQUIRED_EXTENSIONS],
  );
  for (const ext of extensions) {
    if (ext.installed) {
      let detail = `${ext.name} ${ext.installed}`;
      if (ext.name === 'postgis') {
        const { rows } = await client
          .query<{ full: string }>('SELECT postgis_lib_version() AS full')
          .catch(() => ({ rows: [] as { full: string }[] }));
        if (rows[0]) detail = `PostGIS ${rows[0].full}`;
      }
      checks.push({ name: `extension ${ext.name}`, status: 'ok', detail: `${detail} installed` });
    } else if (ext.available) {
      checks.push({
        name: `extension ${ext.name}`,
        status: 'warn',
        detail: `${ext.name} ${ext.available} is available but not installed; aegis-db migrate creates it (needs the right to create extensions)`,
      });
    } else {
      checks.push({
        name: `extension ${ext.name}`,
        status: 'fail',
        detail: `${ext.name} is not available on this server; install it (e.g. apt-get install postgresql-15-postgis-3)`,
        code: 'PREREQUISITE',
      });
    }
  }
  const {
    rows: [role],
  } = await client.query<{ role: string; superuser: boolean; create_db: boolean; create_public: boolean; create_role: boolean }>(
    `SELECT current_user AS role, r.rolsuper AS superuser, has_database_privilege(current_database(), 'CREATE') AS create_db,
            coalesce(has_schema_privilege('public', 'CREATE'), false) AS create_public, r.rolcreaterole AS create_role
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const rights = role!.superuser
    ? 'superuser'
    : [
        role!.create_db ? 'CREATE on the database' : '',
        role!.create_public ? 'CREATE on schema public' : '',
        role!.create_role ? 'CREATEROLE' : '',
      ]
        .filter(Boolean)
        .join(', ') || 'no DDL rights';
  const canMigrate = role!.superuser || (role!.create_public && role!.create_db);
  checks.push({
    name: 'privileges',
    status: canMigrate ? (role!.superuser || role!.create_role ? 'ok' : 'warn') : 'fail',
    detail: `role ${role!.role}: ${rights}${canMigrate ? (role!.superuser || role!.create_role ? '' : ' (the roles migration needs CREATEROLE)') : ' — cannot run migrations; connect as the schema owner'}`,
    ...(canMigrate ? {} : { code: 'PREREQUISITE' as const }),
  });
  return checks;
}

async function migrationChecks(client: pg.ClientBase, migrationsDir: string): Promise<DoctorCheck[]> {
  let files;
  try {
    files = loadMigrations(migrationsDir);
  } catch (error) {
    return [{ name: 'migration files', status: 'fail', detail: isAegisError(error) ? error.message : String(error), code: 'CONFIG' }];
  }
  const { applied, pending, integrity: report } = await readMigrationStatus(client, files);
  const checks: DoctorCheck[] = [
    {
      name: 'pending migrations',
      status: pending.length === 0 ? 'ok' : 'warn',
      detail:
        pending.length === 0
          ? `none; ${applied.length} applied`
          : `${pending.length} pending (${pending[0]}${pending.length > 1 ? ` … ${pending.at(-1)}` : ''}); run aegis-db migrate`,
    },
  ];
  const problem = (name: string, list: string[], what: string, code: ErrorCode, status: 'warn' | 'fail' = 'fail') =>
    checks.push(
      list.length === 0
        ? { name, status: 'ok', detail: 'none' }
        : { name, status, detail: `${what}: ${list.join(', ')}`, ...(status === 'fail' ? { code } : {}) },
    );
  problem(
    'modified migrations',
    report.modified,
    'edited after being applied (restore them, or aegis-db migrate repair after review)',
    'INTEGRITY',
  );
  problem('unknown migrations', report.missing, 'applied but no such file here (deleted, or a newer aegis-db applied them)', 'INTEGRITY');
  problem(
    'out-of-order migrations',
    report.outOfOrder,
    'pending but sorting before an applied one (give them a later timestamp)',
    'INTEGRITY',
  );
  problem(
    'unverified migrations',
    report.unverified,
    'applied without a checksum (aegis-db migrate repair records one)',
    'INTEGRITY',
    'warn',
  );
  const holder = await lockHolder(client);
  checks.push(
    holder
      ? {
          name: 'migration lock',
          status: 'warn',
          detail: `held by process ${holder.pid} (${holder.applicationName || 'no application_name'}${holder.since ? `, since ${holder.since.toISOString()}` : ''})`,
        }
      : { name: 'migration lock', status: 'ok', detail: 'free' },
  );
  return checks;
}

/** Health of a database for aegis-db: connection, versions, extensions, privileges, migrations, the lock. Never changes anything. */
export async function runDoctor(options: { target: DatabaseTarget; description: string; migrationsDir: string }): Promise<DoctorCheck[]> {
  let connected = false;
  try {
    return await withClient(
      options.target,
      async (client) => {
        connected = true;
        const { rows } = await client.query<{ database: string; role: string }>(
          'SELECT current_database() AS database, current_user AS role',
        );
        const detail = `${options.description}: database "${rows[0]!.database}" as role "${rows[0]!.role}"`;
        return [
          { name: 'connection', status: 'ok', detail },
          ...(await serverChecks(client)),
          ...(await migrationChecks(client, options.migrationsDir)),
        ];
      },
      { applicationName: 'aegis-db doctor' },
    );
  } catch (error) {
    // A failed connection is the first check's result, not an error.
    if (connected) throw error;
    return [
      {
        name: 'connection',
        status: 'fail',
        detail: isAegisError(error) ? `${error.message}${error.hint ? ` — ${error.hint}` : ''}` : String(error),
        code: 'CONNECTION',
      },
    ];
  }
}
