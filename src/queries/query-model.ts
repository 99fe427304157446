import type { ColumnType } from '../introspection/schema-model.js';
import type { ParamDefault } from './parse-query-file.js';

/**
 * The named queries as PostgreSQL describes them against the live schema: what code generation consumes.
 * Plain JSON (no OIDs), so the same migrations and files give the same model on every engine.
 */
export interface QueryModel {
  queries: QueryDescription[];
}

export interface QueryDescription {
  /** The file name without `.sql`, e.g. match-guards-for-job. */
  name: string;
  /** The file as messages name it, e.g. sql/match-guards-for-job.sql. */
  file: string;
  description: string | null;
  /** The statement with `$n` placeholders, as it is sent. */
  sql: string;
  params: QueryParamDescription[];
  columns: QueryColumnDescription[];
}

export interface QueryParamDescription {
  name: string;
  description: string | null;
  /** Present when the parameter may be left out. */
  default?: ParamDefault;
  /** The type PostgreSQL inferred for the placeholder (no modifier). */
  type: ColumnType;
}

/** Why a result column is, or may be, NULL. */
export type Nullability =
  /** The file's header says so (@notNull / @nullable). */
  | 'declared'
  /** A NOT NULL table column, not on the nullable side of an outer join. */
  | 'not-null-column'
  /** A table column that allows NULL. */
  | 'nullable-column'
  /** A table column on the nullable side of an outer join, or in a statement whose joins cannot be read. */
  | 'outer-join'
  /** An expression: the catalog cannot tell. */
  | 'expression';

export interface QueryColumnDescription {
  name: string;
  type: ColumnType;
  nullable: boolean;
  nullability: Nullability;
  /** The table column it reads, when it reads one. */
  origin: { schema: string; table: string; column: string } | null;
}
