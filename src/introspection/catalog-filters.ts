/**
 * SQL fragments every catalog reader shares. Objects that belong to an extension (PostGIS's functions,
 * its spatial_ref_sys table and types) are the extension's, not the schema's: every reader leaves them out.
 */

/** True when the object `oid` of the catalog `catalog` (e.g. pg_class, pg_type) is not an extension member. */
export function notExtensionMember(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
}
