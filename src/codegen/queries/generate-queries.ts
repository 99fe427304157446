import { AegisError, isAegisError } from '../../errors/aegis-error.js';
import type {
  Nullability,
  QueryColumnDescription,
  QueryDescription,
  QueryModel,
  QueryParamDescription,
} from '../../queries/query-model.js';
import { mapColumnType, type MappedType } from '../column-types.js';
import { GENERATED_HEADER } from '../generate-types.js';
import { camelCase, literal, pascalCase, propertyKey } from '../naming.js';
import { tsdoc } from '../tsdoc.js';
import { queryParamType } from './query-param-type.js';

/** Where the generated module finds the runtime, relative to src/generated/. */
const RUNTIME_MODULE = '../queries/run-named-query.js';

/** The names generated for one query, e.g. match-guards-for-job → matchGuardsForJob, MatchGuardsForJobRow. */
export function queryNames(name: string) {
  const type = pascalCase(name);
  const value = camelCase(name);
  return { fn: value, params: `${type}Params`, row: `${type}Row`, rowSchema: `${value}RowSchema`, query: `${value}Query` };
}

const NULLABILITY: Record<Nullability, (nullable: boolean) => string> = {
  declared: (nullable) => (nullable ? 'may be NULL (declared in the file)' : 'never NULL (declared in the file)'),
  'not-null-column': () => 'NOT NULL column',
  'nullable-column': () => 'nullable column',
  'outer-join': () => 'may be NULL (outer join)',
  expression: () => 'may be NULL (an expression; declare @notNull in the file if it never is)',
};

function templateLiteral(text: string): string {
  return '`' + text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

/** Wraps a type-mapping error with the query and the column or parameter it is about. */
function mapped<T>(query: QueryDescription, what: string, map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (!isAegisError(error)) throw error;
    throw new AegisError(error.code, `${query.file}: ${what}: ${error.text.message}`, {
      ...(error.text.hint === undefined ? {} : { hint: error.text.hint }),
    });
  }
}

function columnType(query: QueryDescription, column: QueryColumnDescription): MappedType {
  return mapped(query, `result column ${column.name}`, () => mapColumnType(column.type));
}

function paramProperty(query: QueryDescription, param: QueryParamDescription): string {
  const type = mapped(query, `parameter ${param.name}`, () => queryParamType(param.type));
  const optional = 'default' in param;
  const ts = param.default === null ? `${type.ts} | null` : type.ts;
  const defaultNote = optional ? `, default ${JSON.stringify(param.default)}` : '';
  const signature = `\`${param.type.sql}\`${defaultNote}`;
  return `${tsdoc([param.description === null ? signature : `${param.description} (${signature})`], '  ')}  ${propertyKey(param.name)}${optional ? '?' : ''}: ${ts};\n`;
}

function columnProperty(query: QueryDescription, column: QueryColumnDescription): string {
  const origin = column.origin ? `\`${column.origin.table}.${column.origin.column}\` ` : '';
  const type = columnType(query, column).ts;
  const doc = tsdoc([`${origin}\`${column.type.sql}\`: ${NULLABILITY[column.nullability](column.nullable)}`], '  ');
  return `${doc}  ${propertyKey(column.name)}: ${column.nullable ? `${type} | null` : type};\n`;
}

function queryModule(query: QueryDescription): string {
  const names = queryNames(query.name);
  const file = `\`${query.file}\``;
  let out = '';
  out += tsdoc([`The parameters of ${file}.`]);
  out +=
    query.params.length === 0
      ? `export type ${names.params} = Record<string, never>;\n\n`
      : `export interface ${names.params} {\n${query.params.map((param) => paramProperty(query, param)).join('')}}\n\n`;
  out += tsdoc([`A row of ${file}, as read through aegis-db/pg.`]);
  out += `export interface ${names.row} {\n${query.columns.map((column) => columnProperty(query, column)).join('')}}\n\n`;
  out += tsdoc([`{@link ${names.row}} as zod, to assert rows at a service's boundary: \`z.infer\` is {@link ${names.row}}.`]);
  out += `export const ${names.rowSchema} = z.object({\n${query.columns
    .map((column) => `  ${propertyKey(column.name)}: ${columnType(query, column).zod}${column.nullable ? '.nullable()' : ''},\n`)
    .join('')}});\n\n`;
  const params = query.params.map((param) => {
    const encoding = queryParamType(param.type).encoding;
    const fallback = 'default' in param ? `, default: ${JSON.stringify(param.default)}` : '';
    return `    { name: ${literal(param.name)}, encoding: ${literal(encoding)}${fallback} },\n`;
  });
  out += tsdoc([`${file}: its SQL, its parameters in order, \`compile\` (e.g. for Kysely's \`CompiledQuery.raw\`) and \`run\`.`]);
  out += `export const ${names.query} = defineNamedQuery<${names.params}, ${names.row}>({\n`;
  out += `  name: ${literal(query.name)},\n`;
  out += `  sql: ${templateLiteral(query.sql)},\n`;
  out += `  params: [${params.length > 0 ? `\n${params.join('')}  ` : ''}],\n`;
  out += `  rowSchema: ${names.rowSchema},\n});\n\n`;
  const allOptional = query.params.every((param) => 'default' in param);
  out += tsdoc([
    query.description,
    '',
    `Runs ${file} on a pg pool or client (with aegis-db/pg's parsers registered) or a Kysely instance.`,
  ]);
  out += `export function ${names.fn}(db: QueryExecutor, params: ${names.params}${allOptional ? ' = {}' : ''}, options?: RunOptions): Promise<${names.row}[]> {\n`;
  out += `  return ${names.query}.run(db, params, options);\n}\n\n`;
  return out;
}

/** The identifiers of `known` that `code` uses. */
function used(code: string, known: Iterable<string>): string[] {
  return [...new Set(known)].filter((name) => new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(code)).sort();
}

// Exported beside the generated names by aegis-db/queries, or imported by the generated module.
const RESERVED = new Set([
  'namedQuery',
  'NAMED_QUERIES',
  'NamedQuery',
  'namedQueries',
  'z',
  'defineNamedQuery',
  'QueryExecutor',
  'RunOptions',
]);

function assertDistinctNames(model: QueryModel): void {
  const owners = new Map<string, string>();
  for (const query of model.queries) {
    for (const name of Object.values(queryNames(query.name))) {
      const other = RESERVED.has(name) ? 'aegis-db/queries itself' : owners.get(name);
      if (other !== undefined) {
        throw new AegisError('CONFIG', `${query.file} would generate the name ${name}, which ${other} already exports`, {
          hint: 'rename the file',
        });
      }
      owners.set(name, query.file);
    }
  }
}

/** queries.ts: per named query a params type, a row type, a zod row schema and a typed function. Pure. */
export function generateQueries(model: QueryModel): string {
  assertDistinctNames(model);
  const body = model.queries.map(queryModule).join('');
  const table = `${tsdoc(['Every named query by file name.'])}export const namedQueries = {\n${model.queries
    .map((query) => `  ${propertyKey(query.name)}: ${queryNames(query.name).query},\n`)
    .join('')}} as const;\n`;
  const code = body + table;
  const enumTypes = model.queries
    .flatMap((query) => [...query.params.map((p) => p.type), ...query.columns.map((c) => c.type)])
    .filter((type) => type.kind === 'enum');
  const typeImports = used(code, ['GeoPoint', 'JsonValue', ...enumTypes.map((type) => pascalCase(type.name))]);
  const zod = model.queries.flatMap((query) => query.columns.map((column) => columnType(query, column).zod)).join(' ');
  const schemaImports = [...new Set(zod.match(/\b[a-z][A-Za-z0-9]*Schema\b/g) ?? [])].sort();
  let out = GENERATED_HEADER;
  out += `import { z } from 'zod';\n`;
  if (typeImports.length > 0) out += `import type { ${typeImports.join(', ')} } from './types.js';\n`;
  if (schemaImports.length > 0) out += `import { ${schemaImports.join(', ')} } from './schemas.js';\n`;
  out += `import { defineNamedQuery, type QueryExecutor, type RunOptions } from '${RUNTIME_MODULE}';\n\n`;
  return out + code;
}
