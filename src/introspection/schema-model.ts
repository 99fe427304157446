/**
 * A plain, JSON-serializable description of the live schema: what `introspect()` reads from the catalog
 * and what code generation consumes. It holds no OIDs (they differ between databases), so the same
 * migrations give the same model on every engine.
 */
export interface SchemaModel {
  tables: TableModel[];
  enums: EnumModel[];
}

export interface EnumModel {
  schema: string;
  name: string;
  /** Labels in their declared order (pg_enum.enumsortorder). */
  labels: string[];
  comment: string | null;
}

export interface TableModel {
  schema: string;
  name: string;
  /** 'partitioned' tables are listed once; their partitions never appear. */
  kind: 'table' | 'partitioned';
  comment: string | null;
  columns: ColumnModel[];
}

export interface ColumnType {
  /** Schema of the type (pg_catalog for built-ins). */
  schema: string;
  /** The type's name in pg_type, e.g. int4, varchar, geography, job_status; the element type for arrays. */
  name: string;
  /** 'enum' for enum types, 'base' otherwise (domains are resolved to their base type). */
  kind: 'base' | 'enum';
  /** An array of `name` (PostgreSQL does not enforce the declared number of dimensions). */
  isArray: boolean;
  /** format_type(): the type as SQL spells it, e.g. character varying(255), geography(Point,4326). */
  sql: string;
  /** varchar/char length limit, when declared. */
  maxLength: number | null;
}

export interface ColumnModel {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** The default expression (pg_get_expr), or null. Not set for generated columns. */
  default: string | null;
  /** 'always' | 'by_default' for identity columns, else null. */
  identity: 'always' | 'by_default' | null;
  /** The expression of a STORED generated column, else null. */
  generated: string | null;
  comment: string | null;
}
