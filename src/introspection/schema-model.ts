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
 * parsed but never need re-quoting. `catalog` adds everything the committed schema snapshot lists (read with
 * `schemas: 'all'` it is the snapshot's content, rendered by schema-snapshot/dump-schema.ts): extensions,
 * schemas, all types, every relation with its partitions, triggers, policies and ACLs, functions, default
 * privileges. Columns and indexes are read once: a table's are those of its relation in `catalog`.
 */

/** Anything with pg's `query(text, values)`: a pg.Client, a pg.Pool or a PoolClient. */
export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}
export interface SchemaModel {
  tables: TableModel[];
  enums: EnumModel[];
  /**
   * The rest of the catalog, as the schema snapshot shows it: every object the migrations own in the chosen
   * schemas, each list in the order the snapshot prints it (as the database sorts the printed names).
   * SQL names (`sqlName`, `signature`) are quoted as PostgreSQL's format('%I') quotes them.
   */
  catalog: CatalogModel;
}

export interface CatalogModel {
  /** Installed extensions (database-wide), by name. */
  extensions: string[];
  schemas: NamespaceModel[];
  /** Enums, domains and composite types. */
  types: TypeModel[];
  /** Tables (partitions too, but not the dated ones a maintenance function makes), views, sequences (not identity or serial ones), foreign tables. */
  relations: RelationModel[];
  /** Functions, procedures and aggregates. */
  functions: FunctionModel[];
  defaultPrivileges: DefaultPrivilegeModel[];
}

/**
 * One grantee's privileges on an object. The owner is `OWNER` (whoever ran the migrations) and its full
 * default rights are `['ALL']`; a privilege it may grant on ends in ` WITH GRANT OPTION`.
 */
export interface AclModel {
  /** A role name, PUBLIC or OWNER. */
  grantee: string;
  privileges: string[];
}

export interface NamespaceModel {
  name: string;
  comment: string | null;
  acl: AclModel[];
}

interface TypeModelBase {
  schema: string;
  name: string;
  sqlName: string;
  comment: string | null;
}

export type TypeModel =
  | (TypeModelBase & { kind: 'enum'; labels: string[] })
  | (TypeModelBase & {
      kind: 'domain';
      /** format_type() of the base type. */
      baseType: string;
      notNull: boolean;
      default: string | null;
      /** CHECK constraints (not NOT NULL), by name. */
      constraints: ConstraintModel[];
    })
  | (TypeModelBase & { kind: 'composite'; attributes: { sqlName: string; type: string }[] });

export interface ConstraintModel {
  sqlName: string;
  /** pg_get_constraintdef. */
  definition: string;
}

export interface RelationConstraintModel extends ConstraintModel {
  name: string;
  /** pg_constraint.contype: primary key, foreign key, check, unique, exclusion, constraint trigger. */
  kind: 'p' | 'f' | 'c' | 'u' | 'x' | 't';
  /** Declared on the relation itself; false for one it only inherits from a parent table. */
  local: boolean;
  /** A copy of a partitioned parent's constraint (conparentid is set). */
  cloned: boolean;
  /** The constrained columns, in key order. */
  columns: string[];
  /** What a foreign key references, else null. */
  references: { schema: string; table: string; columns: string[] } | null;
  onDelete: ReferentialAction | null;
  onUpdate: ReferentialAction | null;
}

export interface RelationModel {
  schema: string;
  name: string;
  sqlName: string;
  kind: 'table' | 'partitioned' | 'view' | 'materialized view' | 'sequence' | 'foreign table';
  /** pg_get_partkeydef of a partitioned table, else null. */
  partitionKey: string | null;
  /** The parent's SQL name, for a partition or an inheriting table. */
  parent: string | null;
  /** A partition's bound (pg_get_expr of relpartbound), else null. */
  partitionBound: string | null;
  rowLevelSecurity: boolean;
  comment: string | null;
  /** pg_get_viewdef of a view or materialized view, else null. */
  viewDefinition: string | null;
  /** In attnum order. */
  columns: ColumnModel[];
  /** Column privileges, in the order the snapshot prints them. */
  columnGrants: { sqlColumn: string; grantee: string; privileges: string[] }[];
  /** Constraints other than NOT NULL, by name: the local ones and those inherited from a parent table. */
  constraints: RelationConstraintModel[];
  /** By name; not the indexes attached to a partitioned parent's index. */
  indexes: IndexModel[];
  /** pg_get_triggerdef of each user trigger, by name; not a partitioned parent's clones. */
  triggers: string[];
  policies: PolicyModel[];
  acl: AclModel[];
}

export interface PolicyModel {
  sqlName: string;
  permissive: boolean;
  /** pg_policy.polcmd: r, a, w, d or * (all). */
  command: string;
  /** Role names or PUBLIC. */
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

export interface FunctionModel {
  schema: string;
  name: string;
  /** `schema.name(identity arguments)`. */
  signature: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window function';
  /** pg_get_function_result, or null for a procedure. */
  result: string | null;
  language: string;
  volatility: 'immutable' | 'stable' | 'volatile';
  securityDefiner: boolean;
  /** proconfig: `name=value` settings. */
  config: string[];
  /** prosrc. */
  body: string;
  comment: string | null;
  acl: AclModel[];
}

export interface DefaultPrivilegeModel {
  /** The role whose new objects get these privileges. */
  role: string;
  /** Null for every schema. */
  schema: string | null;
  /** tables, sequences, functions, types or schemas. */
  objects: string;
  /** Each `grantee PRIVILEGE`, the role's own left out. */
  grants: string[];
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
  /** False while a CREATE INDEX CONCURRENTLY has not finished (or after it failed). */
  valid: boolean;
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
  /** The expression of a generated column, else null. */
  generated: string | null;
  /** A generated column computed when read (PostgreSQL 18's VIRTUAL), not stored. */
  virtual: boolean;
  comment: string | null;
}
