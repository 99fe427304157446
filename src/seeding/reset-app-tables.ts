import type pg from 'pg';
import { AegisError } from '../errors/aegis-error.js';
import { quoteIdent } from '../sql-text/quote.js';
import { option } from '../errors/option.js';

/**
 * The tables aegis-db's migrations create in `public` (partitions are emptied through their parent). A test
 * holds this list equal to the application tables of the schema model, so a new table cannot be forgotten.
 */
export const APP_TABLES = ['users', 'guard_profiles', 'jobs', 'job_status_history', 'location_history', 'payments', 'sessions'] as const;

/**
 * Empties aegis-db's own application tables ({@link APP_TABLES}) and restarts their identities, so a reset
 * seed gives the same history ids. Any other table in the database (a service's own, PostGIS's
 * spatial_ref_sys) is never touched; if one references an aegis-db table by foreign key, nothing is emptied
 * and the error names it. Returns the tables emptied.
 */
export async function resetAppTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_catalog.pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname = ANY($1::text[])`,
    [APP_TABLES],
  );
  const present = new Set(rows.map((row) => row.name));
  const tables = APP_TABLES.filter((name) => present.has(name));
  if (tables.length === 0) return [];
  const { rows: referencing } = await client.query<{ referencing: string; referenced: string }>(
    `SELECT DISTINCT format('%I.%I', fn.nspname, fc.relname) AS referencing, tc.relname AS referenced
       FROM pg_catalog.pg_constraint k
       JOIN pg_catalog.pg_class fc ON fc.oid = k.conrelid
       JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
       JOIN pg_catalog.pg_class tc ON tc.oid = k.confrelid
      WHERE k.contype = 'f' AND tc.relnamespace = 'public'::regnamespace AND tc.relname = ANY($1::text[])
        AND NOT (fn.nspname = 'public' AND fc.relname = ANY($1::text[])) AND NOT fc.relispartition
      ORDER BY 1, 2`,
    [tables],
  );
  if (referencing.length > 0) {
    const shown = referencing.map((row) => `${row.referencing} → ${row.referenced}`).join(', ');
    throw new AegisError(
      'REFUSED',
      `refusing to reset: tables that are not aegis-db's reference its tables by foreign key (${shown}); nothing was emptied`,
      {
        hint: `empty or drop those tables yourself first, or seed without ${option('reset', true)}`,
      },
    );
  }
  await client.query(`TRUNCATE ${tables.map((name) => `public.${quoteIdent(name)}`).join(', ')} RESTART IDENTITY`);
  return tables;
}
