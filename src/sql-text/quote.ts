/** SQL quoting for the few statements that cannot take a parameter (identifiers, DDL, runner-inlined SQL). */

/** `name` as a quoted SQL identifier: `"a""b"`. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `text` as a standard-conforming SQL string literal: `'it''s'`. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
