import type { SchemaModel } from '../introspection/schema-model.js';
import { GENERATED_HEADER } from './generate-types.js';
import { enumNames, literal, propertyKey, tableNames } from './naming.js';
import { sensitiveColumns } from './sensitive-columns.js';
import { tsdoc } from './tsdoc.js';
import { APP_ROLE, planTables, type ColumnPlan, type TablePlan } from './write-plan.js';

// The building blocks say exactly what `pg` returns through aegis-db/pg, so a row read from the
// database always passes and a value that passes is always accepted by the column.
const PRELUDE = `
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

export const jsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), jsonValueSchema);

/** A timestamptz in a JSON payload: ISO 8601 with a UTC offset or Z (PostgreSQL reads it exactly; no local time is guessed). */
export const isoTimestamptzSchema = z.iso.datetime({ offset: true });

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
/** numeric(precision, scale): the value rounded to \`scale\` digits has at most \`precision - scale\` before the point. */
export function numericBounds(precision: number, scale: number) {
  const limit = 10 ** (precision - scale) - 0.5 * 10 ** -scale;
  return z.refine<string>((value) => value === 'NaN' || Math.abs(Number(value)) < limit, { message: \`at most \${precision - scale} digits before the point (numeric(\${precision},\${scale}))\` });
}
/** date as PostgreSQL prints it (ISO DateStyle): YYYY-MM-DD, never a time-zone-shifted Date. */
export const dateSchema = z.string().regex(/^(\\d{4,}-\\d{2}-\\d{2}( BC)?|-?infinity)$/, 'expected a date as YYYY-MM-DD');
/** timestamp without time zone as PostgreSQL prints it: it names no instant, so it is not a Date. */
export const timestampSchema = z.string().regex(/^(\\d{4,}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?( BC)?|-?infinity)$/, 'expected a timestamp as YYYY-MM-DD HH:MM:SS');

/** varchar(n) counts characters (code points), not UTF-16 units as String.length does. */
export function varcharSchema(max: number) {
  return z.string().refine((value) => [...value].length <= max, { message: \`at most \${max} characters\` });
}
`;

function field(plan: ColumnPlan, zod: string, optional: boolean): string {
  let out = zod;
  if (plan.column.nullable) out += '.nullable()';
  if (optional) out += '.optional()';
  return `  ${propertyKey(plan.column.name)}: ${out},\n`;
}

function checksBlock(plan: TablePlan, names: ReturnType<typeof tableNames>): string {
  const refined = plan.checks.filter((check) => check.refinement !== null);
  if (refined.length === 0 || !(plan.insertable || plan.updatable)) return '';
  let out = tsdoc([
    `The CHECKs of \`${plan.table.schema}.${plan.table.name}\` that zod tests as refinements (SQL's NULL passes, as in PostgreSQL).`,
  ]);
  out += `const ${names.rowSchema.replace(/Schema$/, 'Checks')}: R.RowCheck[] = [\n`;
  for (const check of refined) {
    out += `  {\n    name: ${literal(check.name)},\n    sql: ${literal(check.definition.replace(/\s+/g, ' '))},\n    columns: [${check.refinement!.columns.map(literal).join(', ')}],\n    holds: (r) => ${check.refinement!.code},\n  },\n`;
  }
  out += '];\n\n';
  if (!plan.insertable) return out;
  out += tsdoc(['Values the database gives a left-out column, where a CHECK reads it.']);
  out += `const ${names.rowSchema.replace(/Schema$/, 'InsertDefaults')}: Record<string, () => unknown> = {${plan.insertDefaults.map((entry) => ` ${propertyKey(entry.column)}: () => ${entry.code},`).join('')} };\n\n`;
  return out;
}

function tableSchemas(plan: TablePlan): string {
  const { table } = plan;
  const names = tableNames(table.name);
  const hidden = sensitiveColumns(table);
  const insertable = plan.columns.filter((column) => column.insertable);
  const updatable = plan.columns.filter((column) => column.updatable);
  const hasChecks = plan.checks.some((check) => check.refinement !== null);
  const checksName = names.rowSchema.replace(/Schema$/, 'Checks');
  const defaultsName = names.rowSchema.replace(/Schema$/, 'InsertDefaults');
  const refine = (insert: boolean) => (hasChecks ? `.check(R.rowChecks(${checksName}, ${insert ? defaultsName : 'null'}))` : '');
  const fields = (columns: ColumnPlan[], insert: boolean) =>
    `z.object({\n${columns.map((column) => field(column, column.writeZod, insert ? column.optionalOnInsert : true)).join('')}})`;
  // The JSON variant differs only where JSON has no such value (timestamps): it extends the same fields.
  const json = (base: string, columns: ColumnPlan[], insert: boolean) => {
    const differing = columns.filter((column) => column.writeJsonZod !== column.writeZod);
    return differing.length === 0
      ? base
      : `${base}.extend({\n${differing.map((column) => field(column, column.writeJsonZod, insert ? column.optionalOnInsert : true)).join('')}})`;
  };
  const variants = (kind: 'insert' | 'update', columns: ColumnPlan[]) => {
    const insert = kind === 'insert';
    const base = names.rowSchema.replace(/Schema$/, insert ? 'InsertFields' : 'UpdateFields');
    const [schema, jsonSchema, type] = insert
      ? [names.insertSchema, names.insertJsonSchema, names.insert]
      : [names.updateSchema, names.updateJsonSchema, names.update];
    let text = `const ${base} = ${fields(columns, insert)};\n\n`;
    text += tsdoc([
      insert
        ? `An INSERT into \`${table.schema}.${table.name}\` from the values of a row (Date, GeoJSON, arrays) and its CHECKs; the output is {@link ${type}}: parameters for pg and Kysely.`
        : `An UPDATE of \`${table.schema}.${table.name}\` (CHECKs tested when the payload has every column they read): output {@link ${type}}.`,
    ]);
    text += `export const ${schema} = ${base}${refine(insert)};\n\n`;
    text += tsdoc([`{@link ${schema}} for a JSON payload (timestamps as ISO 8601 strings with an offset); the same output.`]);
    text += `export const ${jsonSchema} = ${json(base, columns, insert)}${refine(insert)};\n\n`;
    return text;
  };
  let out = checksBlock(plan, names);
  out += tsdoc([`A row of \`${table.schema}.${table.name}\` as read through aegis-db/pg: \`z.infer\` is {@link ${names.row}}.`]);
  out += `export const ${names.rowSchema} = z.object({\n${plan.columns.map((column) => field(column, column.selectZod, false)).join('')}});\n\n`;
  if (plan.insertable) {
    out += variants('insert', insertable);
  } else {
    out += tsdoc([`\`${table.schema}.${table.name}\` is not inserted into by ${APP_ROLE}: every payload is refused.`]);
    out += `export const ${names.insertSchema} = z.never();\n\nexport const ${names.insertJsonSchema} = z.never();\n\n`;
  }
  if (plan.updatable) {
    out += variants('update', updatable);
  } else {
    out += tsdoc([`\`${table.schema}.${table.name}\` is not updated by ${APP_ROLE}: every payload is refused.`]);
    out += `export const ${names.updateSchema} = z.never();\n\nexport const ${names.updateJsonSchema} = z.never();\n\n`;
  }
  out += tsdoc([`{@link ${names.rowSchema}} without @sensitive columns: \`z.infer\` is {@link ${names.publicRow}}.`]);
  out +=
    hidden.length > 0
      ? `export const ${names.publicSchema} = ${names.rowSchema}.omit({ ${hidden.map((name) => `${propertyKey(name)}: true`).join(', ')} });\n\n`
      : `export const ${names.publicSchema} = ${names.rowSchema};\n\n`;
  return out;
}

function untranslatedComment(plans: TablePlan[]): string {
  const lines: string[] = [];
  for (const plan of plans) {
    for (const check of plan.checks) {
      const unwritten = !plan.insertable && !plan.updatable && (check.refinement !== null || check.untranslated !== null);
      if (unwritten)
        lines.push(
          `${plan.table.name}.${check.name}: ${check.definition.replace(/\s+/g, ' ')} (not tested: ${APP_ROLE} does not write ${plan.table.name})`,
        );
      else if (check.untranslated !== null)
        lines.push(`${plan.table.name}.${check.name}: ${check.definition.replace(/\s+/g, ' ')} (${check.untranslated})`);
    }
  }
  if (lines.length === 0) return '// Every CHECK constraint is expressed in these schemas (types, enums or refinements).\n\n';
  return `// CHECK constraints not (fully) expressed in these schemas; the database still enforces them:\n${lines.map((line) => `//   ${line}`).join('\n')}\n\n`;
}

/** schemas.ts: a zod schema for every enum and for each table's row, insert, update and public row. Pure. */
export function generateSchemas(model: SchemaModel): string {
  const enumValues = model.enums.map((enumModel) => enumNames(enumModel.name).values);
  const plans = planTables(model);
  let out = GENERATED_HEADER;
  out += `import { z } from 'zod';\n`;
  out += `import { jsonb } from '../pg-types/jsonb-param.js';\n`;
  out += `import * as R from '../pg-types/sql-checks.js';\n`;
  out += `import { toGeographyParam } from '../pg-types/wkb-point.js';\n`;
  out += `import type { JsonObject, JsonValue } from './types.js';\n`;
  if (enumValues.length > 0) out += `import { ${enumValues.join(', ')} } from './types.js';\n`;
  out += PRELUDE + '\n';
  out += untranslatedComment(plans);
  for (const enumModel of model.enums) {
    const names = enumNames(enumModel.name);
    out += tsdoc([`\`${enumModel.schema}.${enumModel.name}\`: \`z.infer\` is {@link ${names.type}}.`]);
    out += `export const ${names.schema} = z.enum(${names.values});\n\n`;
  }
  for (const plan of plans) out += tableSchemas(plan);
  out += tsdoc(['Every table by name to its schemas.']);
  out += `export const tableSchemas = {\n${model.tables
    .map((table) => {
      const names = tableNames(table.name);
      return `  ${propertyKey(table.name)}: { row: ${names.rowSchema}, insert: ${names.insertSchema}, update: ${names.updateSchema}, insertJson: ${names.insertJsonSchema}, updateJson: ${names.updateJsonSchema}, public: ${names.publicSchema} },\n`;
    })
    .join('')}} as const;\n`;
  return out;
}
