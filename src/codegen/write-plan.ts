import type { ColumnModel, SchemaModel, TableModel } from '../introspection/schema-model.js';
import { defaultValueCode, translateCheck, type CheckTranslation, type Narrowing } from './checks/translate-check.js';
import { isDatabaseWritten, isOptionalOnInsert } from './column-roles.js';
import { mapColumnType } from './column-types.js';
import { literal } from './naming.js';

/** The role services connect as: what it may write decides what the insert and update types allow. */
export const APP_ROLE = 'aegis_app';

/** One column as the generated types and schemas see it: read, insert and update sides. */
export interface ColumnPlan {
  column: ColumnModel;
  /** The type read (null excluded). */
  selectTs: string;
  selectZod: string;
  /** The type written on insert and update (null excluded): what pg and Kysely send so that the column accepts it. */
  writeTs: string;
  /** The zod schema of a written value: takes a value of the row's type, gives {@link writeTs}. */
  writeZod: string;
  /** As {@link writeZod} for a JSON payload (timestamps as ISO strings). */
  writeJsonZod: string;
  /** False: left out of the insert type (written by the database, or the app role may not insert it). */
  insertable: boolean;
  updatable: boolean;
  optionalOnInsert: boolean;
}

export interface TablePlan {
  table: TableModel;
  columns: ColumnPlan[];
  checks: CheckTranslation[];
  /** Whether the app role may insert / update the table at all (any column). */
  insertable: boolean;
  updatable: boolean;
  /** Insert-time values of left-out columns the refinements read, as JavaScript source (only known ones). */
  insertDefaults: Array<{ column: string; code: string }>;
}

function grantsOf(model: SchemaModel) {
  const modelled = model.tables.some((table) => (table.grants ?? []).some((grant) => grant.role === APP_ROLE));
  return (table: TableModel, privilege: string, column: string): boolean => {
    if (!modelled) return true;
    return (table.grants ?? []).some(
      (grant) =>
        (grant.role === APP_ROLE || grant.role === 'PUBLIC') &&
        grant.privilege === privilege &&
        (grant.columns === null || grant.columns.includes(column)),
    );
  };
}

function narrowedType(column: ColumnModel, narrowing: Narrowing | undefined): { ts: string; zod: string } {
  if (!narrowing) return mapColumnType(column.type);
  if (narrowing.kind === 'labels') {
    const labels = [...new Set(narrowing.labels)];
    return { ts: labels.map(literal).join(' | '), zod: `z.enum([${labels.map(literal).join(', ')}])` };
  }
  if (narrowing.shape === 'object') return { ts: 'JsonObject', zod: 'jsonObjectSchema' };
  if (narrowing.shape === 'stringArray') return { ts: 'string[]', zod: 'z.array(z.string())' };
  return { ts: 'JsonValue[]', zod: 'z.array(jsonValueSchema)' };
}

function writeTypes(column: ColumnModel, select: { ts: string; zod: string }, narrowing: Narrowing | undefined) {
  const same = { writeTs: select.ts, writeZod: select.zod, writeJsonZod: select.zod };
  if (column.type.isArray)
    return column.type.name === 'timestamptz' ? { ...same, writeJsonZod: 'z.array(isoTimestamptzSchema.nullable())' } : same;
  switch (column.type.name) {
    case 'numeric': {
      // numeric(p, s) rounds to s digits and refuses (22003) more than p - s before the point.
      const bounds = /^numeric\((\d+),(\d+)\)$/.exec(column.type.sql);
      if (!bounds) return same;
      const zod = `${select.zod}.check(numericBounds(${bounds[1]}, ${bounds[2]}))`;
      return { writeTs: select.ts, writeZod: zod, writeJsonZod: zod };
    }
    case 'timestamptz':
      return { writeTs: 'Date | string', writeZod: select.zod, writeJsonZod: 'isoTimestamptzSchema' };
    case 'geography':
    case 'geometry': {
      const zod = `${select.zod}.transform(toGeographyParam)`;
      return { writeTs: 'GeographyParam', writeZod: zod, writeJsonZod: zod };
    }
    case 'json':
    case 'jsonb': {
      const zod = `${select.zod}.transform((value) => jsonb(value))`;
      // pg sends a plain object as its JSON; arrays, strings and numbers need jsonb().
      const objects = narrowing?.kind === 'json' && narrowing.shape === 'object';
      const isArray = narrowing?.kind === 'json' && narrowing.shape !== 'object';
      const ts = objects ? `JsonObject | JsonbParam<JsonObject>` : isArray ? `JsonbParam<${select.ts}>` : 'JsonObject | JsonbParam';
      return { writeTs: ts, writeZod: zod, writeJsonZod: zod };
    }
    default:
      return same;
  }
}

/** Pure: how every column of every table is read and written, with its CHECKs translated. */
export function planTables(model: SchemaModel): TablePlan[] {
  const can = grantsOf(model);
  return model.tables.map((table) => {
    const checks = table.checks.map((check) => translateCheck(table, check));
    const narrowings = new Map<string, Narrowing>();
    for (const check of checks)
      for (const narrowing of check.narrowings) if (!narrowings.has(narrowing.column)) narrowings.set(narrowing.column, narrowing);
    const columns = table.columns.map((column): ColumnPlan => {
      const narrowing = narrowings.get(column.name);
      const select = narrowedType(column, narrowing);
      const written = isDatabaseWritten(column);
      return {
        column,
        selectTs: select.ts,
        selectZod: select.zod,
        ...writeTypes(column, select, narrowing),
        insertable: !written && can(table, 'INSERT', column.name),
        updatable: !written && can(table, 'UPDATE', column.name),
        optionalOnInsert: isOptionalOnInsert(column),
      };
    });
    const read = new Set(checks.flatMap((check) => check.refinement?.columns ?? []));
    const insertDefaults = table.columns
      .filter((column) => read.has(column.name))
      .flatMap((column) => {
        const code = defaultValueCode(column);
        return code === undefined ? [] : [{ column: column.name, code }];
      });
    return {
      table,
      columns,
      checks,
      insertable: columns.some((column) => column.insertable),
      updatable: columns.some((column) => column.updatable),
      insertDefaults,
    };
  });
}
