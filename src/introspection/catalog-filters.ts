/**
 * SQL fragments every catalog reader shares. Objects that belong to an extension (PostGIS's functions,
 * its spatial_ref_sys table and types) are the extension's, not the schema's: every reader leaves them out.
 */

/** True when the object `oid` of the catalog `catalog` (e.g. pg_class, pg_type) is not an extension member. */
export function notExtensionMember(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
}

/** Schemas that are never ours: the catalogs and the runner's own bookkeeping. */
const SYSTEM_SCHEMAS = `('pg_catalog', 'information_schema', 'pg_toast', 'aegis_meta')`;

/**
 * Whether schema `nspname` is read: one of the schemas passed as $1, or with $1 NULL every schema the
 * migrations may own (not a catalog, not the runner's bookkeeping, not a temporary one).
 */
export const inScope = (nspname: string) =>
  `(CASE WHEN $1::text[] IS NULL THEN ${nspname} NOT IN ${SYSTEM_SCHEMAS} AND ${nspname} NOT LIKE 'pg_temp%' AND ${nspname} NOT LIKE 'pg_toast_temp%'
         ELSE ${nspname} = ANY($1::text[]) END)`;

/** The names of the columns `attnums` of relation `rel`, in order (SQL; NULL for an expression's 0). */
export const columnNames = (attnums: string, rel: string, where = '') => `array(
  SELECT a.attname::text FROM unnest(${attnums}) WITH ORDINALITY AS u(attnum, ord)
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ${rel} AND a.attnum = u.attnum ${where} ORDER BY u.ord)`;
