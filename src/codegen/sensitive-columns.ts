import type { ColumnModel, TableModel } from '../introspection/schema-model.js';

/** The tag a column comment starts with to mark data a public API must never return (see docs/schema-decisions.md). */
export const SENSITIVE_TAG = '@sensitive';

export function isSensitive(column: ColumnModel): boolean {
  return column.comment?.trimStart().startsWith(SENSITIVE_TAG) ?? false;
}

export function sensitiveColumns(table: TableModel): string[] {
  return table.columns.filter(isSensitive).map((column) => column.name);
}
