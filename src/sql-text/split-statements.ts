import { endOfBlockComment, endOfLineComment } from './comments.js';

/** A statement of a SQL script with its character offset in the script. */
export interface SqlStatement {
  text: string;
  offset: number;
}

/**
 * Splits a script on top-level semicolons, skipping over comments, quoted strings, quoted identifiers and
 * dollar-quoted bodies. Statements that are only comments or blank are dropped.
 */
export function splitStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  let hasCode = false;
  const push = (end: number) => {
    if (hasCode) statements.push({ text: script.slice(start, end).trim(), offset: start });
    start = end + 1;
    hasCode = false;
  };
  while (i < script.length) {
    const ch = script[i]!;
    const next = script[i + 1];
    if (ch === '-' && next === '-') {
      i = endOfLineComment(script, i);
    } else if (ch === '/' && next === '*') {
      i = endOfBlockComment(script, i);
    } else if (ch === "'" || ch === '"') {
      hasCode = true;
      i += 1;
      while (i < script.length) {
        if (script[i] === ch && script[i + 1] === ch) i += 2;
        else if (script[i] === ch) break;
        else i += 1;
      }
      i += 1;
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i, i + 64))?.[0];
      hasCode = true;
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        i = end === -1 ? script.length : end + tag.length;
      } else {
        i += 1;
      }
    } else if (ch === ';') {
      push(i);
      i += 1;
    } else {
      if (!/\s/.test(ch)) hasCode = true;
      i += 1;
    }
  }
  push(script.length);
  return statements;
}
