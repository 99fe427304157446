import type pg from 'pg';
import { notExtensionMember } from '../introspection/catalog-filters.js';
import { quoteIdent } from '../sql-text/quote.js';

/**
 * Empties every application table in `public` (partitions through their parent; PostGIS's
 * spatial_ref_sys is reference data and stays) and restarts identities, so a reset seed gives the
 * same history ids. Tables, partitions, functions and the migration bookkeeping in aegis_meta are kept.
 */
export async function resetAppTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_catalog.pg_class c
      WHERE c.relnamespace = 'public'::regnamespace
        AND c.relkind IN ('r', 'p')
        AND NOT c.relispartition
        AND c.relname <> 'spatial_ref_sys'
        AND ${notExtensionMember('pg_class', 'c.oid')}
      ORDER BY c.relname`,
  );
  const tables = rows.map((row) => row.name);
  if (tables.length > 0) {
    await client.query(`TRUNCATE ${tables.map((name) => `public.${quoteIdent(name)}`).join(', ')} RESTART IDENTITY`);
  }
  return tables;
}
