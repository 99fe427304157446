import { columnNames, inScope } from './catalog-filters.js';
import { introspectCatalog } from './introspect-catalog.js';
import type {
  CheckModel,
  GrantModel,
  EnumModel,
  ForeignKeyModel,
  KeyModel,
  ReferentialAction,
  SchemaModel,
  TableModel,
} from './schema-model.js';

/** Anything with pg's `query(text, values)`: a pg.Client, a pg.Pool or a PoolClient. */
export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface IntrospectOptions {
  /**
   * Schemas to read (default: public), or 'all': every schema the migrations may own (not the catalogs, not
   * the runner's aegis_meta). Objects that belong to an extension (PostGIS's spatial_ref_sys) are skipped.
   */
  schemas?: string[] | 'all';
}

const OUR_TABLE = `c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${inScope('n.nspname')}`;

// Primary keys, foreign keys and CHECKs; NOT NULL (a constraint on PostgreSQL 18) is the column's nullability.
const CONSTRAINTS_SQL = `
SELECT n.nspname AS table_schema, c.relname AS table_name, k.conname AS name, k.contype AS kind,
       ${columnNames('k.conkey', 'k.conrelid')} AS columns,
       fn.nspname AS ref_schema, f.relname AS ref_table, ${columnNames('k.confkey', 'k.confrelid')} AS ref_columns,
       k.confdeltype AS on_delete, k.confupdtype AS on_update,
       pg_catalog.pg_get_constraintdef(k.oid, true) AS definition
FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class f ON f.oid = k.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
WHERE k.contype IN ('p', 'f', 'c') AND k.conparentid = 0 AND ${OUR_TABLE}
ORDER BY n.nspname, c.relname, k.conname`;

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

const REFERENTIAL_ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

interface ConstraintRow extends Record<string, unknown> {
  table_schema: string;
  table_name: string;
  name: string;
  kind: 'p' | 'f' | 'c';
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
  definition: string;
}

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
  const constraintRows = (await db.query<ConstraintRow>(CONSTRAINTS_SQL, [schemas])).rows;
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
    .map((rel) => ({
      schema: rel.schema,
      name: rel.name,
      kind: rel.kind === 'partitioned' ? 'partitioned' : 'table',
      comment: rel.comment,
      columns: [...rel.columns],
      primaryKey: null,
      foreignKeys: [],
      checks: [],
      indexes: [...rel.indexes],
      grants: [],
    }));
  const byKey = new Map(tables.map((table) => [`${table.schema}.${table.name}`, table]));
  for (const row of constraintRows) {
    const table = byKey.get(`${row.table_schema}.${row.table_name}`);
    if (!table) continue;
    const key: KeyModel = { name: row.name, columns: [...row.columns] };
    if (row.kind === 'p') table.primaryKey = key;
    else if (row.kind === 'c') table.checks.push({ name: row.name, definition: row.definition } satisfies CheckModel);
    else {
      table.foreignKeys.push({
        ...key,
        references: { schema: row.ref_schema!, table: row.ref_table!, columns: [...row.ref_columns] },
        onDelete: REFERENTIAL_ACTIONS[row.on_delete]!,
        onUpdate: REFERENTIAL_ACTIONS[row.on_update]!,
      } satisfies ForeignKeyModel);
    }
  }
  for (const row of grantRows) {
    byKey
      .get(`${row.table_schema}.${row.table_name}`)
      ?.grants.push({ role: row.role, privilege: row.privilege, columns: row.columns === null ? null : [...row.columns] });
  }
  return { tables, enums, catalog };
}
