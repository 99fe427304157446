import type pg from 'pg';
import type { Queryable } from '../introspection/introspect.js';
import { aegisTypeParsers, type AegisTypeOids, type AegisTypes } from './aegis-type-parsers.js';

const OIDS_SQL = `
SELECT t.oid::int AS oid, t.typarray::int AS array_oid, (t.typtype = 'e') AS is_enum
FROM pg_catalog.pg_type t
WHERE t.typtype = 'e' OR t.typname IN ('geography', 'geometry')`;

/** Looks up the OIDs of geography, geometry and every enum array in the connected database. */
export async function loadAegisTypeOids(db: Queryable): Promise<AegisTypeOids> {
  const { rows } = await db.query<{ oid: number; array_oid: number; is_enum: boolean }>(OIDS_SQL);
  return {
    geography: rows.filter((row) => !row.is_enum).map((row) => row.oid),
    geographyArrays: rows.filter((row) => !row.is_enum && row.array_oid !== 0).map((row) => row.array_oid),
    enumArrays: rows.filter((row) => row.is_enum && row.array_oid !== 0).map((row) => row.array_oid),
  };
}

/**
 * The `types` option for pg that makes every value match aegis-db/types, for the database `db` is
 * connected to: `new pg.Pool({ connectionString, types: await loadAegisTypes(bootstrapClient) })`.
 */
export async function loadAegisTypes(db: Queryable): Promise<AegisTypes> {
  return aegisTypeParsers(await loadAegisTypeOids(db));
}

/**
 * Installs the parsers on a pg.Client, or on a pg.Pool before it hands out clients: call it right after
 * creating the pool. The lookup connection is discarded, so no pooled client keeps pg's default parsers.
 */
export async function registerAegisTypes(target: pg.Pool | pg.Client): Promise<AegisTypes> {
  if ('totalCount' in target) {
    const client = await target.connect();
    let types: AegisTypes;
    try {
      types = await loadAegisTypes(client);
    } finally {
      client.release(true);
    }
    // pg.Pool passes its options to every client it creates.
    (target as unknown as { options: { types?: AegisTypes } }).options.types = types;
    return types;
  }
  const types = await loadAegisTypes(target);
  for (const [oid, parser] of types.textParsers) target.setTypeParser(oid, 'text', parser);
  return types;
}
