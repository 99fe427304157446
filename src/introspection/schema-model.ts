/**
 * The one model of the live schema: what `introspect()` reads from the catalog, and what the generated
 * types, schemas and the ERD are rendered from (pure functions of it; unit-tested from
 * test/unit/fixtures/schema-model.json). Plain and JSON-serializable: it holds no OIDs (they differ between
 * databases), so the same migrations give the same model on every engine.
 *
 * What it covers: the tables of the chosen schemas (a partitioned table once, never its partitions; never
 * an extension's tables), with columns, primary key, foreign keys, CHECK constraints and indexes; and the
 * enum types. Names are unquoted; SQL fragments (`definition`, `expression`, `predicate`, `default`) are
 * as PostgreSQL prints them (pg_get_constraintdef, pg_get_indexdef, pg_get_expr), so they can be shown or
 * parsed but never need re-quoting.
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
  /** In attnum order. */
  columns: ColumnModel[];
  primaryKey: KeyModel | null;
  /** Ordered by constraint name. */
  foreignKeys: ForeignKeyModel[];
  /** CHECK constraints (not NOT NULL, which is `ColumnModel.nullable`), ordered by name. */
  checks: CheckModel[];
  /** Every index of the table, the primary key's and unique constraints' included, ordered by name. */
  indexes: IndexModel[];
  /**
   * Privileges granted to roles other than the owner (the owner may do anything), ordered by role, then
   * privilege, table-wide grants before column grants. `role` is `PUBLIC` for a grant to everyone.
   */
  grants: GrantModel[];
}

export interface GrantModel {
  role: string;
  /** SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER. */
  privilege: string;
  /** The columns of a column-level grant (`GRANT UPDATE (a, b) …`), or null for the whole table. */
  columns: string[] | null;
}

export interface KeyModel {
  /** The constraint name. */
  name: string;
  /** Columns in key order. */
  columns: string[];
}

export interface ForeignKeyModel extends KeyModel {
  references: {
    schema: string;
    table: string;
    /** The referenced columns, pairwise with `columns`. */
    columns: string[];
  };
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface CheckModel {
  name: string;
  /** pg_get_constraintdef, e.g. `CHECK (end_time > start_time)`. */
  definition: string;
}

export interface IndexModel {
  name: string;
  /** Key columns in order; null for an expression. */
  columns: (string | null)[];
  /** Non-key columns of `INCLUDE (…)`. */
  include: string[];
  unique: boolean;
  primary: boolean;
  /** The WHERE of a partial index, else null. */
  predicate: string | null;
  /** pg_get_indexdef: the CREATE INDEX statement. */
  definition: string;
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
