import type { ColumnModel, SchemaModel, TableModel } from '../introspection/schema-model.js';
import { isDatabaseWritten, isOptionalOnInsert } from './column-roles.js';
import { mapColumnType } from './column-types.js';
import { GENERATED_HEADER } from './generate-types.js';
import { enumNames, propertyKey, tableNames } from './naming.js';
import { sensitiveColumns } from './sensitive-columns.js';
import { tsdoc } from './tsdoc.js';

// The building blocks say exactly what `pg` returns through aegis-db/pg, so a row read from the
// database always passes and a value that passes is always accepted by the column.
const PRELUDE = `
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

/** WGS84 GeoJSON point; out-of-range coordinates are refused because geography would silently wrap them. */
export const geoPointSchema = z.object({
  type: z.literal('Point'),
  coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
});

/** Any PostgreSQL uuid (not only RFC 9562 versions). */
export const uuidSchema = z.guid();
export const int2Schema = z.number().int().min(-32768).max(32767);
export const int4Schema = z.number().int().min(-2147483648).max(2147483647);
/** int8 as a decimal string: a JS number would lose precision above 2^53. */
export const int8Schema = z.string().regex(/^-?\\d+$/, 'expected an int8 as a decimal string');
/** numeric as its exact decimal string. */
export const numericSchema = z.string().regex(/^(-?\\d+(\\.\\d+)?|NaN|-?Infinity)$/, 'expected a numeric as a decimal string');
/** date as PostgreSQL prints it (ISO DateStyle): YYYY-MM-DD, never a time-zone-shifted Date. */
export const dateSchema = z.string().regex(/^(\\d{4,}-\\d{2}-\\d{2}( BC)?|-?infinity)$/, 'expected a date as YYYY-MM-DD');
/** timestamp without time zone as PostgreSQL prints it: it names no instant, so it is not a Date. */
export const timestampSchema = z.string().regex(/^(\\d{4,}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?( BC)?|-?infinity)$/, 'expected a timestamp as YYYY-MM-DD HH:MM:SS');

/** varchar(n) counts characters (code points), not UTF-16 units as String.length does. */
export function varcharSchema(max: number) {
  return z.string().refine((value) => [...value].length <= max, { message: \`at most \${max} characters\` });
}
`;

function field(column: ColumnModel, optional: boolean): string {
  const mapped = mapColumnType(column.type);
  let zod = mapped.zod;
  if (column.nullable) zod += '.nullable()';
  if (optional) zod += '.optional()';
  return `  ${propertyKey(column.name)}: ${zod},\n`;
}

function tableSchemas(table: TableModel): string {
  const names = tableNames(table.name);
  const writable = table.columns.filter((column) => !isDatabaseWritten(column));
  const hidden = sensitiveColumns(table);
  let out = '';
  out += tsdoc([`A row of \`${table.schema}.${table.name}\` as read through aegis-db/pg: \`z.infer\` is {@link ${names.row}}.`]);
  out += `export const ${names.rowSchema} = z.object({\n${table.columns.map((column) => field(column, false)).join('')}});\n\n`;
  out += tsdoc([`An INSERT into \`${table.schema}.${table.name}\`: \`z.infer\` is {@link ${names.insert}}.`]);
  out += `export const ${names.insertSchema} = z.object({\n${writable.map((column) => field(column, isOptionalOnInsert(column))).join('')}});\n\n`;
  out += tsdoc([`An UPDATE of \`${table.schema}.${table.name}\`: \`z.infer\` is {@link ${names.update}}.`]);
  out += `export const ${names.updateSchema} = z.object({\n${writable.map((column) => field(column, true)).join('')}});\n\n`;
  out += tsdoc([`{@link ${names.rowSchema}} without @sensitive columns: \`z.infer\` is {@link ${names.publicRow}}.`]);
  out += hidden.length > 0
    ? `export const ${names.publicSchema} = ${names.rowSchema}.omit({ ${hidden.map((name) => `${propertyKey(name)}: true`).join(', ')} });\n\n`
    : `export const ${names.publicSchema} = ${names.rowSchema};\n\n`;
  return out;
}

/** schemas.ts: a zod schema for every enum and for each table's row, insert, update and public row. Pure. */
export function generateSchemas(model: SchemaModel): string {
  const enumValues = model.enums.map((enumModel) => enumNames(enumModel.name).values);
  let out = GENERATED_HEADER;
  out += `import { z } from 'zod';\n`;
  out += `import type { JsonValue } from './types.js';\n`;
  if (enumValues.length > 0) out += `import { ${enumValues.join(', ')} } from './types.js';\n`;
  out += PRELUDE + '\n';
  for (const enumModel of model.enums) {
    const names = enumNames(enumModel.name);
    out += tsdoc([`\`${enumModel.schema}.${enumModel.name}\`: \`z.infer\` is {@link ${names.type}}.`]);
    out += `export const ${names.schema} = z.enum(${names.values});\n\n`;
  }
  for (const table of model.tables) out += tableSchemas(table);
  out += tsdoc(['Every table by name to its schemas.']);
  out += `export const tableSchemas = {\n${model.tables
    .map((table) => {
      const names = tableNames(table.name);
      return `  ${propertyKey(table.name)}: { row: ${names.rowSchema}, insert: ${names.insertSchema}, update: ${names.updateSchema}, public: ${names.publicSchema} },\n`;
    })
    .join('')}} as const;\n`;
  return out;
}
