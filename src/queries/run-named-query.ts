import { randomUUID } from 'node:crypto';
import type { GeoPoint } from '../generated/types.js';
import { toGeographyParam } from '../pg-types/wkb-point.js';

/** A `pg` Pool, Client or PoolClient (with aegis-db/pg's parsers registered, so rows match the row types). */
export interface PgQueryable {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * What Kysely's `executeQuery` takes: a compiled raw query. Structurally a Kysely `CompiledQuery`, so any
 * `Kysely<DB>` (or transaction) is a {@link KyselyExecutor} without aegis-db depending on Kysely.
 */
export interface CompiledRawQuery {
  readonly sql: string;
  readonly parameters: ReadonlyArray<unknown>;
  readonly query: { readonly kind: 'RawNode'; readonly sqlFragments: ReadonlyArray<string>; readonly parameters: ReadonlyArray<never> };
  readonly queryId: { readonly queryId: string };
}

/** A `Kysely<DB>` instance or transaction. */
export interface KyselyExecutor {
  executeQuery(query: CompiledRawQuery): Promise<{ rows: unknown[] }>;
}

/** Where a named query runs: `pg` or Kysely. */
export type QueryExecutor = PgQueryable | KyselyExecutor;

export interface RunOptions {
  /** Parse every row with the query's zod row schema (throws a ZodError on a row that does not match). */
  validate?: boolean;
}

/** How a parameter's value is sent: as pg sends it, as hex EWKB (geography) or as JSON text (json, jsonb). */
export type ParamEncoding = 'value' | 'geography' | 'json';

export interface NamedQueryParam {
  name: string;
  encoding: ParamEncoding;
  /** Present when the parameter may be left out. */
  default?: string | number | boolean | null;
}

/** The bits of a zod schema the runtime uses (keeps this module free of a zod import). */
interface RowSchema<Row> {
  parse(value: unknown): Row;
}

export interface NamedQueryDefinition<Row> {
  /** The file name without `.sql`. */
  name: string;
  /** The statement with `$n` placeholders, n being the position in `params`. */
  sql: string;
  params: readonly NamedQueryParam[];
  rowSchema: RowSchema<Row>;
}

/** A named query: its SQL, parameters in order, and how to run it with named, typed parameters. */
export interface NamedQueryHandle<Params, Row> extends NamedQueryDefinition<Row> {
  /** The SQL and the positional values for `params`, e.g. for Kysely's `CompiledQuery.raw(sql, [...parameters])`. */
  compile(params: Params): { sql: string; parameters: unknown[] };
  run(db: QueryExecutor, params: Params, options?: RunOptions): Promise<Row[]>;
}

function encode(param: NamedQueryParam, value: unknown): unknown {
  if (value === null) return null;
  if (param.encoding === 'geography') return toGeographyParam(value as GeoPoint);
  if (param.encoding === 'json') return JSON.stringify(value);
  return value;
}

function isKysely(db: QueryExecutor): db is KyselyExecutor {
  return typeof (db as Partial<KyselyExecutor>).executeQuery === 'function';
}

/** Builds the runtime of a generated named query (`src/generated/queries.ts` calls it once per query). */
export function defineNamedQuery<Params, Row>(definition: NamedQueryDefinition<Row>): NamedQueryHandle<Params, Row> {
  const compile = (params: Params) => {
    const given = (params ?? {}) as Record<string, unknown>;
    const parameters = definition.params.map((param) => {
      let value = given[param.name];
      if (value === undefined) {
        if (!('default' in param)) throw new TypeError(`named query ${definition.name}: parameter ${param.name} is required`);
        value = param.default;
      }
      return encode(param, value);
    });
    return { sql: definition.sql, parameters };
  };
  const run = async (db: QueryExecutor, params: Params, options: RunOptions = {}): Promise<Row[]> => {
    const { sql, parameters } = compile(params);
    const { rows } = isKysely(db)
      ? await db.executeQuery({
          sql,
          parameters,
          query: { kind: 'RawNode', sqlFragments: [sql], parameters: [] },
          queryId: { queryId: randomUUID() },
        })
      : await db.query(sql, parameters);
    return options.validate ? rows.map((row) => definition.rowSchema.parse(row)) : (rows as Row[]);
  };
  return { ...definition, compile, run };
}
