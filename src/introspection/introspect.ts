import { inScope, notExtensionMember } from './catalog-filters.js';
import { introspectCatalog } from './introspect-catalog.js';
import type {
  CheckModel,
  GrantModel,
  ColumnModel,
  ColumnType,
  EnumModel,
  ForeignKeyModel,
  IndexModel,
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

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name,
       CASE c.relkind WHEN 'p' THEN 'partitioned' ELSE 'table' END AS kind,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${inScope('n.nspname')}
  AND ${notExtensionMember('pg_class', 'c.oid')}
ORDER BY n.nspname, c.relname`;

// Domains are resolved to their base type; an array column reports its element type.
const COLUMNS_SQL = `
SELECT n.nspname AS table_schema, c.relname AS table_name, a.attname AS name, a.attnum AS position,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
       CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS generated_expr,
       CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by_default' END AS identity,
       pg_catalog.col_description(c.oid, a.attnum) AS comment,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS sql_type,
       en.nspname AS type_schema, et.typname AS type_name, et.typtype AS type_kind,
       (bt.typcategory = 'A') AS is_array,
       CASE WHEN et.typname IN ('varchar', 'bpchar') AND coalesce(nullif(a.atttypmod, -1), nullif(bt_mod.typmod, -1)) > 4
            THEN coalesce(nullif(a.atttypmod, -1), bt_mod.typmod) - 4 END AS max_length
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
-- bt: the column's type with a domain resolved to its base type
CROSS JOIN LATERAL (
  SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END AS oid,
         CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE -1 END AS typmod
) bt_mod
JOIN pg_catalog.pg_type bt ON bt.oid = bt_mod.oid
-- et: the element type of an array, else the type itself
JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN bt.typcategory = 'A' THEN bt.typelem ELSE bt.oid END
JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${inScope('n.nspname')}
ORDER BY n.nspname, c.relname, a.attnum`;

/** The names of the columns `attnums` of relation `rel`, in order (SQL; NULL for an expression's 0). */
const columnNames = (attnums: string, rel: string, where = '') => `array(
  SELECT a.attname::text FROM unnest(${attnums}) WITH ORDINALITY AS u(attnum, ord)
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ${rel} AND a.attnum = u.attnum ${where} ORDER BY u.ord)`;

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

const INDEXES_SQL = `
SELECT n.nspname AS table_schema, c.relname AS table_name, ic.relname AS name,
       ${columnNames('i.indkey::int2[]', 'i.indrelid', 'WHERE u.ord <= i.indnkeyatts')} AS columns,
       ${columnNames('i.indkey::int2[]', 'i.indrelid', 'WHERE u.ord > i.indnkeyatts')} AS include,
       i.indisunique AS unique, i.indisprimary AS primary,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${OUR_TABLE}
ORDER BY n.nspname, c.relname, ic.relname`;

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

type IndexRow = IndexModel & { table_schema: string; table_name: string } & Record<string, unknown>;

/** A type as the catalog queries here and in named-query description select it. */
export interface TypeRow {
  sql_type: string;
  type_schema: string;
  type_name: string;
  type_kind: string;
  is_array: boolean;
  max_length: number | null;
}

/** The model of a type from its catalog row. */
export function columnTypeOf(row: TypeRow): ColumnType {
  return {
    schema: row.type_schema,
    name: row.type_name,
    kind: row.type_kind === 'e' ? 'enum' : 'base',
    isArray: row.is_array,
    sql: row.sql_type,
    maxLength: row.max_length === null ? null : Number(row.max_length),
  };
}

interface ColumnRow extends TypeRow, Record<string, unknown> {
  table_schema: string;
  table_name: string;
  name: string;
  not_null: boolean;
  default_expr: string | null;
  generated_expr: string | null;
  identity: 'always' | 'by_default' | null;
  comment: string | null;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads tables (a partitioned table once, never its partitions) with their columns, keys, references,
 * CHECKs and indexes, the enum types, and the catalog part (everything the schema snapshot shows) from the
 * live catalog. Read-only; the result is ordered by name (columns by position) so it is deterministic on
 * every engine.
 */
export async function introspect(db: Queryable, options: IntrospectOptions = {}): Promise<SchemaModel> {
  const chosen = options.schemas ?? ['public'];
  const schemas = chosen === 'all' ? null : chosen;
  const catalog = await introspectCatalog(db, schemas);
  const tableRows = (await db.query<Omit<TableModel, 'columns'> & Record<string, unknown>>(TABLES_SQL, [schemas])).rows;
  const columnRows = (await db.query<ColumnRow>(COLUMNS_SQL, [schemas])).rows;
  const constraintRows = (await db.query<ConstraintRow>(CONSTRAINTS_SQL, [schemas])).rows;
  const indexRows = (await db.query<IndexRow>(INDEXES_SQL, [schemas])).rows;
  const grantRows = (
    await db.query<GrantModel & { table_schema: string; table_name: string } & Record<string, unknown>>(GRANTS_SQL, [schemas])
  ).rows;

  // The enums of the types, ordered by schema and name as the catalog's name type sorts (bytewise).
  const enums: EnumModel[] = catalog.types
    .flatMap((type) =>
      type.kind === 'enum' ? [{ schema: type.schema, name: type.name, labels: [...type.labels], comment: type.comment }] : [],
    )
    .sort((a, b) => byteOrder(a.schema, b.schema) || byteOrder(a.name, b.name));
  const tables: TableModel[] = tableRows.map((row) => ({
    schema: row.schema,
    name: row.name,
    kind: row.kind,
    comment: row.comment ?? null,
    columns: [],
    primaryKey: null,
    foreignKeys: [],
    checks: [],
    indexes: [],
    grants: [],
  }));
  const byKey = new Map(tables.map((table) => [`${table.schema}.${table.name}`, table]));
  for (const row of columnRows) {
    const table = byKey.get(`${row.table_schema}.${row.table_name}`);
    if (!table) continue;
    const column: ColumnModel = {
      name: row.name,
      type: columnTypeOf(row),
      nullable: !row.not_null,
      default: row.default_expr,
      identity: row.identity,
      generated: row.generated_expr,
      comment: row.comment,
    };
    table.columns.push(column);
  }
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
  for (const row of indexRows) {
    const table = byKey.get(`${row.table_schema}.${row.table_name}`);
    if (!table) continue;
    const { table_schema: _schema, table_name: _table, ...index } = row;
    table.indexes.push({ ...index, columns: [...index.columns], include: [...index.include] });
  }
  for (const row of grantRows) {
    byKey
      .get(`${row.table_schema}.${row.table_name}`)
      ?.grants.push({ role: row.role, privilege: row.privilege, columns: row.columns === null ? null : [...row.columns] });
  }
  return { tables, enums, catalog };
}
