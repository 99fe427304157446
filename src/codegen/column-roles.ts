import type { ColumnModel } from '../introspection/schema-model.js';

/** Written by the database only: a STORED generated column or an identity GENERATED ALWAYS (inserting either is an error). */
export function isDatabaseWritten(column: ColumnModel): boolean {
  return column.generated !== null || column.identity === 'always';
}

/** May be left out of an INSERT: the database fills it (default, identity) or it is nullable (NULL). */
export function isOptionalOnInsert(column: ColumnModel): boolean {
  return column.default !== null || column.identity !== null || column.nullable;
}

/** One line describing the column as SQL declares it, e.g. `character varying(255) NOT NULL DEFAULT now()`. */
export function sqlSignature(column: ColumnModel): string {
  const parts = [column.type.sql];
  if (!column.nullable) parts.push('NOT NULL');
  if (column.identity) parts.push(`GENERATED ${column.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  return parts.join(' ');
}
