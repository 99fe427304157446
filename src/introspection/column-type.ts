import type { ColumnType } from './schema-model.js';

/** A type as the catalog queries of introspect() and of named-query description select it. */
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
