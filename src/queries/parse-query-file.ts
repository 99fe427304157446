import { AegisError } from '../errors/aegis-error.js';
import { lineColumn } from '../migrations/code-frame.js';
import { splitStatements } from '../sql-text/split-statements.js';
import { rewritePlaceholders } from './rewrite-placeholders.js';

/** A parameter default as the header writes it: a JSON number, string, boolean or null. */
export type ParamDefault = string | number | boolean | null;

export interface DeclaredParam {
  name: string;
  description: string | null;
  /** Present when the parameter may be left out; a `null` default also makes it nullable. */
  default?: ParamDefault;
}

/** A named query file as written: its header declarations and its statement with `$n` placeholders. */
export interface QueryFile {
  /** The file name without `.sql`, e.g. match-guards-for-job. */
  name: string;
  /** How messages name the file, e.g. sql/match-guards-for-job.sql. */
  file: string;
  /** The header's prose lines, joined. */
  description: string | null;
  params: DeclaredParam[];
  /** Result columns the header declares NOT NULL / nullable, overriding what the catalog says. */
  notNull: string[];
  nullable: string[];
  /** The statement (the file after its header) with `:name` rewritten to `$n` in declaration order. */
  sql: string;
  /** The file's full text, for code frames. */
  text: string;
  /** The offset in `text` of an offset in `sql`. */
  sourceOffset(offset: number): number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARAM =
  /^@param\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.)*"|true|false|null)(?=\s|$))?\s*(.*)$/;
const COLUMNS = /^@(notNull|nullable)\s+(.+)$/;

/**
 * Reads a named query file. Its header is the comment lines it starts with:
 *
 * ```sql
 * -- What the query answers (any prose line).
 * -- @param jobId                  the job to match
 * -- @param radiusMeters = 24140.1 optional, with a default (a JSON number, "string", true, false or null)
 * -- @notNull distance_miles       result columns that are never NULL (or @nullable: may be NULL)
 * SELECT … WHERE job.id = :jobId …
 * ```
 *
 * Throws an AegisError (CONFIG) naming the file, line and column of the first problem.
 */
export function parseQueryFile(name: string, file: string, text: string): QueryFile {
  const fail = (offset: number, message: string, hint: string): never => {
    const { line, column } = lineColumn(text, offset);
    throw new AegisError('CONFIG', `${file}:${line}:${column}: ${message}`, { hint });
  };
  const params: DeclaredParam[] = [];
  const notNull: string[] = [];
  const nullable: string[] = [];
  const prose: string[] = [];
  let offset = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const lineEnd = end === -1 ? text.length : end;
    const line = text.slice(offset, lineEnd).trim();
    if (line !== '' && !line.startsWith('--')) break;
    const content = line.replace(/^--\s?/, '').trim();
    if (content.startsWith('@')) {
      const param = PARAM.exec(content);
      const columns = COLUMNS.exec(content);
      if (param) {
        const [, paramName, rawDefault, description] = param as unknown as [string, string, string | undefined, string];
        if (params.some((p) => p.name === paramName))
          fail(offset, `parameter ${paramName} is declared twice`, 'declare each parameter once');
        const declared: DeclaredParam = { name: paramName, description: description.trim() || null };
        if (rawDefault !== undefined) declared.default = JSON.parse(rawDefault) as ParamDefault;
        params.push(declared);
      } else if (columns) {
        const [, kind, list] = columns as unknown as [string, 'notNull' | 'nullable', string];
        const names = list.split(/[\s,]+/).filter(Boolean);
        const bad = names.find((column) => !NAME.test(column));
        if (bad !== undefined) fail(offset, `@${kind} takes result column names, not ${bad}`, `write -- @${kind} column_a, column_b`);
        (kind === 'notNull' ? notNull : nullable).push(...names);
      } else {
        fail(
          offset,
          `unknown header line: ${content}`,
          'a header line is -- @param name [= default] [description], -- @notNull columns or -- @nullable columns',
        );
      }
    } else if (content !== '') {
      prose.push(content);
    }
    offset = lineEnd + 1;
  }
  const bodyStart = Math.min(offset, text.length);
  const body = text.slice(bodyStart).trimEnd();
  if (body.trim() === '')
    fail(bodyStart, 'the file has no statement after its header', 'write one SQL statement after the header comments');
  const statements = splitStatements(body);
  const second = statements[1];
  if (second)
    fail(
      bodyStart + second.offset + body.slice(second.offset).search(/\S/),
      'a named query is one statement; this file has more',
      'keep one statement per file in sql/',
    );
  const both = notNull.find((column) => nullable.includes(column));
  if (both !== undefined) fail(0, `column ${both} is declared both @notNull and @nullable`, 'keep one of the two declarations');

  const rewritten = rewritePlaceholders(
    body,
    params.map((p) => p.name),
  );
  const positional = rewritten.positional[0];
  if (positional)
    fail(
      bodyStart + positional.offset,
      `positional parameter ${positional.text} in a named query`,
      'declare it in the header (-- @param name) and write :name instead',
    );
  const declared = new Set(params.map((p) => p.name));
  const undeclared = rewritten.placeholders.find((p) => !declared.has(p.name));
  if (undeclared)
    fail(bodyStart + undeclared.offset, `parameter :${undeclared.name} is not declared`, `add -- @param ${undeclared.name} to the header`);
  const used = new Set(rewritten.placeholders.map((p) => p.name));
  const unused = params.find((p) => !used.has(p.name));
  if (unused)
    fail(0, `parameter ${unused.name} is declared but the statement never uses :${unused.name}`, 'use it or remove its @param line');

  return {
    name,
    file,
    description: prose.length > 0 ? prose.join('\n') : null,
    params,
    notNull,
    nullable,
    sql: rewritten.sql,
    text,
    sourceOffset: (sqlOffset) => bodyStart + rewritten.sourceOffset(sqlOffset),
  };
}
