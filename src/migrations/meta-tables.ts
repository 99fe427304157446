import type pg from 'pg';
import { quoteLiteral } from '../sql-text/quote.js';

/** Where the runner keeps its own bookkeeping: a schema of its own, never `public`. */
export const META_SCHEMA = 'aegis_meta';
export const MIGRATIONS_TABLE = 'migrations';
export const CHECKSUMS_TABLE = 'checksums';

export interface AppliedMigration {
  name: string;
  runOn: Date;
  checksum: string | null;
}

/** Creates the bookkeeping tables if missing (in the format node-pg-migrate expects, plus checksums). */
export async function ensureMetaTables(client: pg.ClientBase): Promise<void> {
  await client.query(`
    CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA};
    CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.${MIGRATIONS_TABLE} (
      id serial PRIMARY KEY,
      name varchar(255) NOT NULL,
      run_on timestamp NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.${CHECKSUMS_TABLE} (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_by text NOT NULL DEFAULT current_user,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
}

/** Applied migrations in order, or [] when the database has never been migrated. Reads only. */
export async function readApplied(client: pg.ClientBase): Promise<AppliedMigration[]> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('${META_SCHEMA}.${MIGRATIONS_TABLE}') IS NOT NULL AND to_regclass('${META_SCHEMA}.${CHECKSUMS_TABLE}') IS NOT NULL AS exists`,
  );
  if (!rows[0]?.exists) return [];
  const result = await client.query<{ name: string; run_on: Date; checksum: string | null }>(
    `SELECT m.name, m.run_on, c.checksum
       FROM ${META_SCHEMA}.${MIGRATIONS_TABLE} m
       LEFT JOIN ${META_SCHEMA}.${CHECKSUMS_TABLE} c USING (name)
      ORDER BY m.run_on, m.id`,
  );
  return result.rows.map((row) => ({ name: row.name, runOn: row.run_on, checksum: row.checksum }));
}

export function recordChecksumSql(name: string, checksum: string): string {
  return `INSERT INTO ${META_SCHEMA}.${CHECKSUMS_TABLE} (name, checksum) VALUES (${quoteLiteral(name)}, ${quoteLiteral(checksum)})
    ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_by = current_user, applied_at = now();`;
}

export function forgetChecksumSql(name: string): string {
  return `DELETE FROM ${META_SCHEMA}.${CHECKSUMS_TABLE} WHERE name = ${quoteLiteral(name)};`;
}
