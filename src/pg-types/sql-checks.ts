/**
 * The runtime of the CHECK refinements in aegis-db/schemas: SQL's three-valued logic over JavaScript
 * values (null is unknown, and a CHECK passes unless its expression is false). Only the generated
 * schemas call these; each helper means what the PostgreSQL operator or function of the same name does.
 */
import { parseWkbPoint } from './wkb-point.js';

type Sql = unknown;
type Bool = boolean | null;

export const isNull = (value: Sql): boolean => value === null || value === undefined;

export function not(value: Bool): Bool {
  return value === null ? null : !value;
}

export function and(left: Bool, right: Bool): Bool {
  if (left === false || right === false) return false;
  return left === null || right === null ? null : true;
}

export function or(left: Bool, right: Bool): Bool {
  if (left === true || right === true) return true;
  return left === null || right === null ? null : false;
}

export function cmp(op: string, left: Sql, right: Sql): Bool {
  if (isNull(left) || isNull(right)) return null;
  const a = left as number | string | boolean;
  const b = right as number | string | boolean;
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

export function distinct(left: Sql, right: Sql): boolean {
  if (isNull(left) || isNull(right)) return isNull(left) !== isNull(right);
  return left !== right;
}

export function anyEq(value: Sql, items: Sql[]): Bool {
  if (isNull(value)) return null;
  if (items.some((item) => item === value)) return true;
  return items.some(isNull) ? null : false;
}

export function caseWhen(whens: Array<[Bool, () => Bool]>, otherwise: () => Bool): Bool {
  for (const [test, then] of whens) if (test === true) return then();
  return otherwise();
}

export function arith(op: string, left: Sql, right: Sql): number | null {
  const a = num(left);
  const b = num(right);
  if (a === null || b === null) return null;
  return op === '+' ? a + b : op === '-' ? a - b : a * b;
}

export function neg(value: Sql): number | null {
  const a = num(value);
  return a === null ? null : -a;
}

/** numeric and int8 travel as decimal strings. */
export function num(value: Sql): number | null {
  if (isNull(value)) return null;
  return typeof value === 'number' ? value : Number(value as string);
}

/** timestamptz as milliseconds since the epoch, from a Date, an ISO string or milliseconds already (a cast of a cast). */
export function time(value: Sql): number | null {
  if (isNull(value)) return null;
  if (typeof value === 'number') return value;
  return value instanceof Date ? value.getTime() : Date.parse(value as string);
}

export const lower = (value: Sql): string | null => (isNull(value) ? null : (value as string).toLowerCase());
export const upper = (value: Sql): string | null => (isNull(value) ? null : (value as string).toUpperCase());
/** btrim(text) removes spaces only. */
export const btrim = (value: Sql): string | null => (isNull(value) ? null : (value as string).replace(/^ +| +$/g, ''));
/** Characters (code points), as length(text) counts them. */
export const length = (value: Sql): number | null => (isNull(value) ? null : [...(value as string)].length);
export const matches = (value: Sql, pattern: RegExp): Bool => (isNull(value) ? null : pattern.test(value as string));

/** A jsonb value as written: its JSON text (what jsonb() returns) or the value itself. */
function json(value: Sql): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export function jsonTypeof(value: Sql): string | null {
  if (isNull(value)) return null;
  const parsed = json(value);
  if (parsed === null) return 'null';
  if (Array.isArray(parsed)) return 'array';
  return typeof parsed;
}

export function jsonArrayLength(value: Sql): number | null {
  if (isNull(value)) return null;
  const parsed = json(value);
  if (!Array.isArray(parsed)) throw new TypeError('jsonb_array_length of a non-array');
  return parsed.length;
}

/** jsonb_path_exists(value, '$[*]?(@.type() != "string")'). */
export function jsonHasNonStringElement(value: Sql): Bool {
  if (isNull(value)) return null;
  const parsed = json(value);
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.some((item) => typeof item !== 'string');
}

/** A point as written (hex EWKB from toGeographyParam) or as read (GeoJSON). */
function point(value: Sql): [number, number] | null {
  if (isNull(value)) return null;
  if (typeof value === 'string') return parseWkbPoint(value).coordinates;
  return (value as { coordinates: [number, number] }).coordinates;
}

export const stX = (value: Sql): number | null => point(value)?.[0] ?? null;
export const stY = (value: Sql): number | null => point(value)?.[1] ?? null;
/** Points are written with SRID 4326 (toGeographyParam). */
export const stSrid = (value: Sql): number | null => (isNull(value) ? null : 4326);
export const stIsEmpty = (value: Sql): Bool => (isNull(value) ? null : false);
/** A point is valid when both coordinates are finite. */
export function stIsValid(value: Sql): Bool {
  const coordinates = point(value);
  return coordinates === null ? null : coordinates.every(Number.isFinite);
}

/** One CHECK as the generated schemas carry it. */
export interface RowCheck {
  name: string;
  /** The SQL, for the message. */
  sql: string;
  columns: readonly string[];
  holds: (row: Record<string, unknown>) => Bool;
}

interface IssueSink {
  value: unknown;
  issues: unknown[];
}

/**
 * A zod `.check()` that reports each CHECK the row violates. On insert (with `defaults`) a column left out
 * takes its default (a CHECK over a default that is not known in advance, e.g. gen_random_uuid(), is
 * skipped); on update a CHECK is tested only when every column it reads is in the payload.
 */
export function rowChecks(checks: readonly RowCheck[], defaults: Record<string, () => unknown> | null) {
  return (ctx: IssueSink): void => {
    const value = ctx.value as Record<string, unknown>;
    for (const check of checks) {
      const row: Record<string, unknown> = {};
      let known = true;
      for (const column of check.columns) {
        if (value[column] !== undefined) row[column] = value[column];
        else if (defaults && column in defaults) row[column] = defaults[column]!();
        else known = false;
      }
      if (!known) continue;
      let holds: Bool;
      try {
        holds = check.holds(row);
      } catch {
        holds = false;
      }
      if (holds === false) {
        ctx.issues.push({ code: 'custom', input: value, path: [check.columns[0] ?? ''], message: `violates ${check.name}: ${check.sql}` });
      }
    }
  };
}
