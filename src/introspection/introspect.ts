import { inScope } from './catalog-filters.js';
import { introspectCatalog } from './introspect-catalog.js';
import type { CheckModel, GrantModel, EnumModel, ForeignKeyModel, Queryable, SchemaModel, TableModel } from './schema-model.js';

export type { Queryable } from './schema-model.js';

export interface IntrospectOptions {
  /**
   * Schemas to read (default: public), or 'all': every schema the migrations may own (not the catalogs, not
   * the runner's aegis_meta). Objects that belong to an extension (PostGIS's spatial_ref_sys) are skipped.
   */
  schemas?: string[] | 'all';
}

const OUR_TABLE = `c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${inScope('n.nspname')}`;

// Table-wide grants (relacl) and column grants (attacl) to anyone but the owner, by role name so they are
// the same on every engine; the owner's implicit privileges are never listed.
const GRANTS_SQL = `
WITH ours AS (
  SELECT c.oid, c.relowner, c.relacl, n.nspname, c.relname FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE ${OUR_TABLE}
), acl AS (
  SELECT o.nspname AS table_schema, o.relname AS table_name, x.grantee, x.privilege_type, NULL::text AS column_name
  FROM ours o CROSS JOIN LATERAL aclexplode(o.relacl) x
  WHERE x.grantee <> o.relowner
  UNION ALL
  SELECT o.nspname, o.relname, x.grantee, x.privilege_type, a.attname::text
  FROM ours o
  JOIN pg_catalog.pg_attribute a ON a.attrelid = o.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
  CROSS JOIN LATERAL aclexplode(a.attacl) x
  WHERE x.grantee <> o.relowner
)
SELECT acl.table_schema, acl.table_name,
       CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE r.rolname::text END AS role,
       acl.privilege_type AS privilege,
       CASE WHEN bool_or(acl.column_name IS NULL) THEN NULL ELSE array_agg(acl.column_name ORDER BY acl.column_name) END AS columns
FROM acl LEFT JOIN pg_catalog.pg_roles r ON r.oid = acl.grantee
GROUP BY acl.table_schema, acl.table_name, 3, acl.privilege_type, (acl.column_name IS NULL)
ORDER BY acl.table_schema, acl.table_name, 3, acl.privilege_type, (acl.column_name IS NULL) DESC`;

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads the catalog part of the model (everything the schema snapshot shows, columns and indexes included),
 * then the tables of it (a partitioned table once, never its partitions) with their keys, references, CHECKs
 * and grants, and the enum types of it. Read-only; the result is ordered by name (columns by position) so it
 * is deterministic on every engine.
 */
export async function introspect(db: Queryable, options: IntrospectOptions = {}): Promise<SchemaModel> {
  const chosen = options.schemas ?? ['public'];
  const schemas = chosen === 'all' ? null : chosen;
  const catalog = await introspectCatalog(db, schemas);
  const grantRows = (
    await db.query<GrantModel & { table_schema: string; table_name: string } & Record<string, unknown>>(GRANTS_SQL, [schemas])
  ).rows;

  // The enums of the types, ordered by schema and name as the catalog's name type sorts (bytewise).
  const enums: EnumModel[] = catalog.types
    .flatMap((type) =>
      type.kind === 'enum' ? [{ schema: type.schema, name: type.name, labels: [...type.labels], comment: type.comment }] : [],
    )
    .sort((a, b) => byteOrder(a.schema, b.schema) || byteOrder(a.name, b.name));
  // The tables of the relations (not partitions, views or sequences), ordered by schema and name bytewise.
  const tables: TableModel[] = catalog.relations
    .filter((rel) => (rel.kind === 'table' || rel.kind === 'partitioned') && rel.partitionBound === null)
    .sort((a, b) => byteOrder(a.schema, b.schema) || byteOrder(a.name, b.name))
    .map((rel) => {
      // Primary keys, foreign keys and CHECKs declared here or inherited, not a partitioned parent's clones.
      const constraints = rel.constraints.filter((constraint) => !constraint.cloned);
      const primaryKey = constraints.find((constraint) => constraint.kind === 'p');
      return {
        schema: rel.schema,
        name: rel.name,
        kind: rel.kind === 'partitioned' ? 'partitioned' : 'table',
        comment: rel.comment,
        columns: [...rel.columns],
        primaryKey: primaryKey ? { name: primaryKey.name, columns: [...primaryKey.columns] } : null,
        foreignKeys: constraints.flatMap((constraint) =>
          constraint.kind === 'f'
            ? [
                {
                  name: constraint.name,
                  columns: [...constraint.columns],
                  references: { ...constraint.references!, columns: [...constraint.references!.columns] },
                  onDelete: constraint.onDelete!,
                  onUpdate: constraint.onUpdate!,
                } satisfies ForeignKeyModel,
              ]
            : [],
        ),
        checks: constraints.flatMap((constraint) =>
          constraint.kind === 'c' ? [{ name: constraint.name, definition: constraint.definition } satisfies CheckModel] : [],
        ),
        indexes: [...rel.indexes],
        grants: [],
      };
    });
  const byKey = new Map(tables.map((table) => [`${table.schema}.${table.name}`, table]));
  for (const row of grantRows) {
    byKey
      .get(`${row.table_schema}.${row.table_name}`)
      ?.grants.push({ role: row.role, privilege: row.privilege, columns: row.columns === null ? null : [...row.columns] });
  }
  return { tables, enums, catalog };
}
