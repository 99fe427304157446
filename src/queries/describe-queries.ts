import type pg from 'pg';
import { columnTypeOf, type TypeRow } from '../introspection/column-type.js';
import type { ColumnType } from '../introspection/schema-model.js';
import { codeFrame, lineColumn } from '../migrations/code-frame.js';
import { describeStatement, type DescribedField } from './describe-statement.js';
import { outerJoinedTables } from './outer-joined-tables.js';
import type { QueryFile } from './parse-query-file.js';
import type { Nullability, QueryColumnDescription, QueryDescription, QueryModel } from './query-model.js';

/** A named query that does not prepare against the schema (or whose result cannot be typed). */
export interface QueryFailure {
  name: string;
  file: string;
  line: number;
  column: number;
  /** PostgreSQL's message (or ours), without the location. */
  message: string;
  /** The lines around the position with a caret under it. */
  frame: string;
}

export interface DescribeQueriesResult {
  model: QueryModel;
  failures: QueryFailure[];
}

// Domains resolve to their base type and arrays to their element, exactly as the table columns of introspect().
const TYPES_SQL = `
SELECT i.ord::int AS ord,
       pg_catalog.format_type(i.oid, nullif(i.typmod, -1)) AS sql_type,
       en.nspname AS type_schema, et.typname AS type_name, et.typtype AS type_kind,
       (bt.typcategory = 'A') AS is_array,
       CASE WHEN et.typname IN ('varchar', 'bpchar') AND i.typmod > 4 THEN i.typmod - 4 END AS max_length
FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS i(oid, typmod, ord)
JOIN pg_catalog.pg_type t ON t.oid = i.oid
JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN bt.typcategory = 'A' THEN bt.typelem ELSE bt.oid END
JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace
ORDER BY i.ord`;

const ORIGINS_SQL = `
SELECT i.ord::int AS ord, n.nspname AS schema, c.relname AS table, a.attname AS column, a.attnotnull AS not_null
FROM unnest($1::oid[], $2::int2[]) WITH ORDINALITY AS i(rel, num, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.rel AND a.attnum = i.num
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`;

type OrdinalTypeRow = TypeRow & { ord: number };

interface OriginRow {
  ord: number;
  schema: string;
  table: string;
  column: string;
  not_null: boolean;
}

class QueryProblem extends Error {
  constructor(
    message: string,
    readonly sqlOffset: number | null,
  ) {
    super(message);
  }
}

async function columnTypes(client: pg.ClientBase, types: Array<{ oid: number; typmod: number }>): Promise<ColumnType[]> {
  if (types.length === 0) return [];
  const { rows } = await client.query<OrdinalTypeRow>(TYPES_SQL, [types.map((t) => t.oid), types.map((t) => t.typmod)]);
  if (rows.length !== types.length) throw new QueryProblem('PostgreSQL described a type that is not in pg_type', null);
  return rows.map(columnTypeOf);
}

async function origins(client: pg.ClientBase, fields: DescribedField[]): Promise<Map<DescribedField, OriginRow>> {
  const fromTables = fields.filter((field) => field.tableID !== 0);
  const result = new Map<DescribedField, OriginRow>();
  if (fromTables.length === 0) return result;
  const { rows } = await client.query<OriginRow>(ORIGINS_SQL, [fromTables.map((f) => f.tableID), fromTables.map((f) => f.columnID)]);
  for (const row of rows) result.set(fromTables[row.ord - 1]!, row);
  return result;
}

async function outerJoinedOids(client: pg.ClientBase, sql: string): Promise<Set<number> | 'opaque'> {
  const joins = outerJoinedTables(sql);
  if (joins.opaque) return 'opaque';
  if (joins.tables.length === 0) return new Set();
  const { rows } = await client.query<{ oid: number | null }>('SELECT to_regclass(name)::oid::int AS oid FROM unnest($1::text[]) AS name', [
    joins.tables,
  ]);
  // A name that does not resolve (a CTE) hides which table it reads.
  if (rows.some((row) => row.oid === null)) return 'opaque';
  return new Set(rows.map((row) => row.oid!));
}

function checkColumnNames(file: QueryFile, fields: DescribedField[]): void {
  const seen = new Set<string>();
  for (const [index, field] of fields.entries()) {
    if (field.name === '?column?') throw new QueryProblem(`result column ${index + 1} has no name`, null);
    if (seen.has(field.name)) throw new QueryProblem(`two result columns are named ${field.name}`, null);
    seen.add(field.name);
  }
  for (const column of [...file.notNull, ...file.nullable]) {
    if (!seen.has(column))
      throw new QueryProblem(`the header names ${column}, which is not a result column (${[...seen].join(', ') || 'none'})`, null);
  }
}

const PREPARE = 'PREPARE aegis_db_named_query AS ';

/**
 * Prepares the statement through the simple protocol first: a statement that does not prepare then fails
 * with one ReadyForQuery on every engine (PGlite answers a failed extended-protocol Parse with two, which
 * would end the next statement's describe early). The file holds one statement (parseQueryFile checks).
 */
async function prepare(client: pg.ClientBase, sql: string): Promise<void> {
  try {
    await client.query(PREPARE + sql);
  } catch (error) {
    const { message, position } = error as { message: string; position?: string };
    throw new QueryProblem(message, position === undefined ? null : Math.max(0, Number(position) - 1 - PREPARE.length));
  }
  await client.query('DEALLOCATE aegis_db_named_query');
}

async function describeOne(client: pg.ClientBase, file: QueryFile): Promise<QueryDescription> {
  await prepare(client, file.sql);
  const described = await describeStatement(client, file.sql);
  const { parameterTypes, fields } = described;
  if (parameterTypes.length !== file.params.length) {
    throw new QueryProblem(`PostgreSQL sees ${parameterTypes.length} parameters, the header declares ${file.params.length}`, null);
  }
  checkColumnNames(file, fields);
  const paramTypes = await columnTypes(
    client,
    parameterTypes.map((oid) => ({ oid, typmod: -1 })),
  );
  const fieldTypes = await columnTypes(
    client,
    fields.map((field) => ({ oid: field.dataTypeID, typmod: field.dataTypeModifier })),
  );
  const fieldOrigins = await origins(client, fields);
  const outer = await outerJoinedOids(client, file.sql);
  const columns = fields.map((field, index): QueryColumnDescription => {
    const origin = fieldOrigins.get(field);
    let nullability: Nullability;
    let nullable: boolean;
    if (file.notNull.includes(field.name) || file.nullable.includes(field.name)) {
      nullability = 'declared';
      nullable = file.nullable.includes(field.name);
    } else if (!origin) {
      nullability = 'expression';
      nullable = true;
    } else if (!origin.not_null) {
      nullability = 'nullable-column';
      nullable = true;
    } else if (outer === 'opaque' || outer.has(field.tableID)) {
      nullability = 'outer-join';
      nullable = true;
    } else {
      nullability = 'not-null-column';
      nullable = false;
    }
    return {
      name: field.name,
      type: fieldTypes[index]!,
      nullable,
      nullability,
      origin: origin ? { schema: origin.schema, table: origin.table, column: origin.column } : null,
    };
  });
  const params = file.params.map((param, index) => ({ ...param, type: paramTypes[index]! }));
  return { name: file.name, file: file.file, description: file.description, sql: file.sql, params, columns };
}

function failure(file: QueryFile, problem: QueryProblem): QueryFailure {
  // Without a position, point at the statement's first character.
  const offset = file.sourceOffset(problem.sqlOffset ?? 0);
  const { line, column } = lineColumn(file.text, offset);
  return { name: file.name, file: file.file, line, column, message: problem.message, frame: codeFrame(file.text, line, column) };
}

/**
 * Describes every named query against the schema `client` is connected to, without running any: parameter
 * types, result columns with their types, and whether each may be NULL. A query that does not prepare is a
 * failure with the file, line and column PostgreSQL points at; the others are still described.
 */
export async function describeQueries(client: pg.ClientBase, files: QueryFile[]): Promise<DescribeQueriesResult> {
  const queries: QueryDescription[] = [];
  const failures: QueryFailure[] = [];
  for (const file of files) {
    try {
      queries.push(await describeOne(client, file));
    } catch (error) {
      if (!(error instanceof QueryProblem)) throw error;
      failures.push(failure(file, error));
    }
  }
  return { model: { queries }, failures };
}
