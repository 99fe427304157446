import type pg from 'pg';

export interface ErdColumn {
  name: string;
  /** format_type() with long spellings shortened: varchar(255), timestamptz, numeric(6,2). */
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  foreignKey: boolean;
  unique: boolean;
}

export interface ErdTable {
  name: string;
  partitioned: boolean;
  columns: ErdColumn[];
}

export interface ErdRelationship {
  parent: string;
  child: string;
  columns: string[];
  /** The child's FK columns are all NOT NULL: every child row has exactly one parent. */
  required: boolean;
  /** The FK columns are unique in the child: at most one child per parent. */
  oneToOne: boolean;
}

export interface ErdModel {
  tables: ErdTable[];
  relationships: ErdRelationship[];
  enums: { name: string; labels: string[] }[];
}

// Partitions (location_history_pYYYYMMDD) are dated; leaving them out keeps the ERD stable from day to day.
const TABLES_SQL = `
SELECT c.relname AS table, c.relkind = 'p' AS partitioned, a.attname AS column, a.attnotnull AS not_null,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey)) AS pk,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f' AND a.attnum = ANY (k.conkey)) AS fk,
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL
                 AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum) AS uk
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.relname, a.attnum`;

const FOREIGN_KEYS_SQL = `
SELECT p.relname AS parent, c.relname AS child,
       array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord) AS columns,
       NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) AND NOT a.attnotnull) AS required,
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = k.conrelid AND i.indisunique AND i.indpred IS NULL
                 AND i.indkey::int2[] @> k.conkey AND i.indnkeyatts = cardinality(k.conkey)) AS one_to_one
FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
JOIN pg_catalog.pg_class p ON p.oid = k.confrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype = 'f' AND k.conparentid = 0 AND n.nspname = 'public' AND NOT c.relispartition
ORDER BY p.relname, c.relname, k.conname`;

const ENUMS_SQL = `
SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = 'public'
GROUP BY t.typname ORDER BY t.typname`;

function shortType(type: string): string {
  return type
    .replace(/^character varying/, 'varchar')
    .replace(/^timestamp with time zone/, 'timestamptz')
    .replace(/^timestamp without time zone/, 'timestamp')
    .replace(/^double precision/, 'float8');
}

/** Reads tables, columns, keys, foreign keys and enums of the public schema from the live catalog. */
export async function readErdModel(client: pg.ClientBase): Promise<ErdModel> {
  const columns = await client.query<{ table: string; partitioned: boolean; column: string; not_null: boolean; type: string; pk: boolean; fk: boolean; uk: boolean }>(TABLES_SQL);
  const keys = await client.query<{ parent: string; child: string; columns: string[]; required: boolean; one_to_one: boolean }>(FOREIGN_KEYS_SQL);
  const enums = await client.query<{ name: string; labels: string[] }>(ENUMS_SQL);
  const tables = new Map<string, ErdTable>();
  for (const row of columns.rows) {
    const table = tables.get(row.table) ?? { name: row.table, partitioned: row.partitioned, columns: [] };
    tables.set(row.table, table);
    table.columns.push({ name: row.column, type: shortType(row.type), nullable: !row.not_null, primaryKey: row.pk, foreignKey: row.fk, unique: row.uk && !row.pk });
  }
  return {
    tables: [...tables.values()],
    relationships: keys.rows.map((row) => ({ parent: row.parent, child: row.child, columns: row.columns, required: row.required, oneToOne: row.one_to_one })),
    enums: enums.rows,
  };
}
