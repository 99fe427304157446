import { endOfBlockComment, endOfLineComment } from '../sql-text/comments.js';

/** A `:name` placeholder found in SQL code, with its character offset in the text it was found in. */
export interface Placeholder {
  name: string;
  offset: number;
}

/** A positional `$n` in SQL code (named queries use `:name` instead). */
export interface PositionalParameter {
  text: string;
  offset: number;
}

export interface RewrittenSql {
  /** The text with every placeholder replaced by `$n`, n being the parameter's 1-based position in `order`. */
  sql: string;
  /** Every placeholder occurrence, in text order. */
  placeholders: Placeholder[];
  /** Positional parameters present in the code (an error for a named query). */
  positional: PositionalParameter[];
  /** The offset in the original text of an offset in `sql` (PostgreSQL reports error positions in the sent text). */
  sourceOffset(offset: number): number;
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

/**
 * Replaces `:name` placeholders in SQL code with `$n`, where n is the position of `name` in `order`.
 * Comments, string literals (standard and E'…'), quoted identifiers and dollar-quoted bodies are copied
 * untouched, and so is a `::` cast. Placeholders whose name is not in `order` are reported but left as they
 * are, so the caller can name each one.
 */
export function rewritePlaceholders(text: string, order: readonly string[]): RewrittenSql {
  const positions = new Map(order.map((name, index) => [name, index + 1]));
  const placeholders: Placeholder[] = [];
  const positional: PositionalParameter[] = [];
  // Each replacement shifts the offsets after it: [offset in sql, offset in text] at every replacement end.
  const shifts: Array<[number, number]> = [];
  let sql = '';
  let copiedTo = 0;
  let i = 0;
  const skipQuoted = (quote: string, backslashEscapes: boolean) => {
    i += 1;
    while (i < text.length) {
      if (backslashEscapes && text[i] === '\\') i += 2;
      else if (text[i] === quote && text[i + 1] === quote) i += 2;
      else if (text[i] === quote) break;
      else i += 1;
    }
    i += 1;
  };
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      i = endOfLineComment(text, i);
    } else if (ch === '/' && next === '*') {
      i = endOfBlockComment(text, i);
    } else if (ch === "'") {
      const prefix = text[i - 1];
      skipQuoted("'", (prefix === 'E' || prefix === 'e') && !IDENTIFIER_PART.test(text[i - 2] ?? ' '));
    } else if (ch === '"') {
      skipQuoted('"', false);
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64))?.[0];
      const number = /^\$\d+/.exec(text.slice(i, i + 16))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        i = end === -1 ? text.length : end + tag.length;
      } else if (number && !IDENTIFIER_PART.test(text[i - 1] ?? ' ')) {
        positional.push({ text: number, offset: i });
        i += number.length;
      } else {
        i += 1;
      }
    } else if (ch === ':' && next === ':') {
      i += 2;
    } else if (ch === ':' && next !== undefined && IDENTIFIER_START.test(next)) {
      let end = i + 1;
      while (end < text.length && IDENTIFIER_PART.test(text[end]!)) end += 1;
      const name = text.slice(i + 1, end);
      placeholders.push({ name, offset: i });
      const position = positions.get(name);
      if (position !== undefined) {
        sql += text.slice(copiedTo, i) + `$${position}`;
        copiedTo = end;
        shifts.push([sql.length, end]);
      }
      i = end;
    } else {
      i += 1;
    }
  }
  sql += text.slice(copiedTo);
  return {
    sql,
    placeholders,
    positional,
    sourceOffset(offset) {
      let mapped = offset;
      for (const [inSql, inText] of shifts) {
        if (inSql > offset) break;
        mapped = inText + (offset - inSql);
      }
      return mapped;
    },
  };
}
