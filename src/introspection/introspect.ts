import type { ColumnModel, EnumModel, SchemaModel, TableModel } from './schema-model.js';

/** Anything with pg's `query(text, values)`: a pg.Client, a pg.Pool or a PoolClient. */
export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface IntrospectOptions {
  /** Schemas to read (default: public). Objects that belong to an extension (PostGIS's spatial_ref_sys) are skipped. */
  schemas?: string[];
}

// Extension members (PostGIS's spatial_ref_sys, its enums) are not part of our schema.
const NOT_EXTENSION_MEMBER = `NOT EXISTS (
  SELECT 1 FROM pg_catalog.pg_depend d
  WHERE d.classid = $CLASS::regclass AND d.objid = $OID AND d.deptype = 'e')`;

const ENUMS_SQL = `
SELECT n.nspname AS schema, t.typname AS name,
       array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e' AND n.nspname = ANY($1::text[])
  AND ${NOT_EXTENSION_MEMBER.replace('$CLASS', "'pg_catalog.pg_type'").replace('$OID', 't.oid')}
GROUP BY n.nspname, t.typname, t.oid
ORDER BY n.nspname, t.typname`;

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name,
       CASE c.relkind WHEN 'p' THEN 'partitioned' ELSE 'table' END AS kind,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])
  AND ${NOT_EXTENSION_MEMBER.replace('$CLASS', "'pg_catalog.pg_class'").replace('$OID', 'c.oid')}
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
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])
ORDER BY n.nspname, c.relname, a.attnum`;

interface ColumnRow extends Record<string, unknown> {
  table_schema: string;
  table_name: string;
  name: string;
  not_null: boolean;
  default_expr: string | null;
  generated_expr: string | null;
  identity: 'always' | 'by_default' | null;
  comment: string | null;
  sql_type: string;
  type_schema: string;
  type_name: string;
  type_kind: string;
  is_array: boolean;
  max_length: number | null;
}

/**
 * Reads tables (a partitioned table once, never its partitions), their columns and the enum types
 * from the live catalog. Read-only; the result is ordered by name (columns by position) so it is
 * deterministic on every engine.
 */
export async function introspect(db: Queryable, options: IntrospectOptions = {}): Promise<SchemaModel> {
  const schemas = options.schemas ?? ['public'];
  const enumRows = (await db.query<EnumModel & Record<string, unknown>>(ENUMS_SQL, [schemas])).rows;
  const tableRows = (await db.query<Omit<TableModel, 'columns'> & Record<string, unknown>>(TABLES_SQL, [schemas])).rows;
  const columnRows = (await db.query<ColumnRow>(COLUMNS_SQL, [schemas])).rows;

  const enums: EnumModel[] = enumRows.map((row) => ({ schema: row.schema, name: row.name, labels: [...row.labels], comment: row.comment ?? null }));
  const tables: TableModel[] = tableRows.map((row) => ({ schema: row.schema, name: row.name, kind: row.kind, comment: row.comment ?? null, columns: [] }));
  const byKey = new Map(tables.map((table) => [`${table.schema}.${table.name}`, table]));
  for (const row of columnRows) {
    const table = byKey.get(`${row.table_schema}.${row.table_name}`);
    if (!table) continue;
    const column: ColumnModel = {
      name: row.name,
      type: {
        schema: row.type_schema,
        name: row.type_name,
        kind: row.type_kind === 'e' ? 'enum' : 'base',
        isArray: row.is_array,
        sql: row.sql_type,
        maxLength: row.max_length === null ? null : Number(row.max_length),
      },
      nullable: !row.not_null,
      default: row.default_expr,
      identity: row.identity,
      generated: row.generated_expr,
      comment: row.comment,
    };
    table.columns.push(column);
  }
  return { tables, enums };
}
