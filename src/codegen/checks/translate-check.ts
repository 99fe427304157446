import type { CheckModel, ColumnModel, TableModel } from '../../introspection/schema-model.js';
import { literal } from '../naming.js';
import { parseCheckDefinition, parseSqlExpression, SqlSyntaxError, type SqlExpr } from './sql-expression.js';
import { posixRegexToJs } from './posix-regex.js';
import { Untranslatable } from './untranslatable.js';

/** What a CHECK says about one column's values, expressed in the column's type. */
export type Narrowing =
  { column: string; kind: 'labels'; labels: string[] } | { column: string; kind: 'json'; shape: 'array' | 'stringArray' | 'object' };

/** A CHECK (or what is left of it after narrowing) as a JavaScript predicate over a row. */
export interface Refinement {
  /** The columns the predicate reads, sorted. */
  columns: string[];
  /** A JavaScript expression over `r` (the row) using the helpers of `sql-checks` as `R`; NULL (unknown) passes. */
  code: string;
}

export interface CheckTranslation {
  name: string;
  definition: string;
  narrowings: Narrowing[];
  refinement: Refinement | null;
  /** Why (part of) the CHECK could not be translated; null when all of it was. */
  untranslated: string | null;
}

type ValueType = 'number' | 'numericText' | 'time' | 'date' | 'text' | 'uuid' | 'bool' | 'json' | 'jsonpath' | 'geo' | 'null' | 'other';
interface Compiled {
  code: string;
  type: ValueType;
}

function columnValueType(column: ColumnModel): ValueType {
  if (column.type.isArray) return 'other';
  if (column.type.kind === 'enum') return 'text';
  switch (column.type.name) {
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
      return 'number';
    case 'int8':
    case 'numeric':
      return 'numericText';
    case 'timestamptz':
      return 'time';
    case 'date':
      return 'date';
    case 'uuid':
      return 'uuid';
    case 'bool':
      return 'bool';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'geography':
    case 'geometry':
      return 'geo';
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'citext':
    case 'name':
      return column.type.name === 'citext' ? 'other' : 'text';
    default:
      return 'other';
  }
}

function castType(type: string): ValueType {
  const base = type.replace(/\(.*\)/, '').replace(/\[\]$/, '');
  if (type.endsWith('[]')) return 'other';
  if (['integer', 'smallint', 'bigint', 'numeric', 'real', 'double precision', 'int', 'int4', 'int8', 'int2'].includes(base))
    return 'number';
  if (['text', 'character varying', 'varchar', 'character', 'bpchar'].includes(base)) return 'text';
  if (['timestamp with time zone', 'timestamptz'].includes(base)) return 'time';
  if (base === 'date') return 'date';
  if (base === 'jsonb' || base === 'json') return 'json';
  if (base === 'jsonpath') return 'jsonpath';
  if (base === 'boolean') return 'bool';
  if (base === 'uuid') return 'uuid';
  return 'other';
}

const ORDERED: ValueType[] = ['number', 'time', 'date'];
const COMPARE_OPS: Record<string, string> = { '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Compiles SQL expressions over one table's columns to JavaScript with SQL's three-valued logic. */
class Compiler {
  readonly used = new Set<string>();
  constructor(private readonly columns: Map<string, ColumnModel>) {}

  /** As a number for arithmetic and ordering (numeric and int8 are decimal strings in JavaScript). */
  private asNumber(value: Compiled): string {
    if (value.type === 'number' || value.type === 'numericText' || value.type === 'null') return value.code;
    throw new Untranslatable(`arithmetic on a ${value.type} value`);
  }

  private comparable(value: Compiled): Compiled {
    if (value.type === 'numericText' || (value.type === 'number' && /^r[.[]/.test(value.code)))
      return { code: `R.num(${value.code})`, type: 'number' };
    if (value.type === 'time') return value.code.startsWith('R.time(') ? value : { code: `R.time(${value.code})`, type: 'time' };
    if (value.type === 'uuid') return { code: `R.lower(${value.code})`, type: 'uuid' };
    return value;
  }

  compile(expr: SqlExpr): Compiled {
    switch (expr.kind) {
      case 'column': {
        const column = this.columns.get(expr.name);
        if (!column) throw new Untranslatable(`refers to ${expr.name}, which is not a column`);
        this.used.add(expr.name);
        return {
          code: /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(expr.name) ? `r.${expr.name}` : `r[${literal(expr.name)}]`,
          type: columnValueType(column),
        };
      }
      case 'literal':
        if (expr.value === null) return { code: 'null', type: 'null' };
        return {
          code: typeof expr.value === 'string' ? literal(expr.value) : String(expr.value),
          type: typeof expr.value === 'number' ? 'number' : typeof expr.value === 'boolean' ? 'bool' : 'text',
        };
      case 'cast': {
        const target = castType(expr.type);
        if (expr.expr.kind === 'literal' && typeof expr.expr.value === 'string') {
          const text = expr.expr.value;
          if (target === 'number') {
            if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Untranslatable(`the number ${text}`);
            return { code: String(Number(text)), type: 'number' };
          }
          if (target === 'time') return { code: `R.time(${literal(text)})`, type: 'time' };
          if (target === 'other') {
            // an enum label (the type is the column's enum)
            if (/^[a-z_][a-z0-9_]*$/.test(expr.type)) return { code: literal(text), type: 'text' };
            throw new Untranslatable(`a literal of type ${expr.type}`);
          }
          return { code: literal(text), type: target };
        }
        const inner = this.compile(expr.expr);
        if (target === inner.type || inner.type === 'null') return inner;
        if (target === 'number' && (inner.type === 'number' || inner.type === 'numericText')) return inner;
        if (target === 'text' && (inner.type === 'text' || inner.type === 'uuid')) return inner;
        // geography ↔ geometry of a point: the same coordinates.
        if (inner.type === 'geo' && /^(geometry|geography)(\(|$)/.test(expr.type)) return inner;
        throw new Untranslatable(`a cast from ${inner.type} to ${expr.type}`);
      }
      case 'binary':
        return this.binary(expr.op, expr.left, expr.right);
      case 'not':
        return { code: `R.not(${this.boolean(expr.expr)})`, type: 'bool' };
      case 'negate':
        return { code: `R.neg(${this.asNumber(this.compile(expr.expr))})`, type: 'number' };
      case 'isNull': {
        const value = this.compile(expr.expr);
        return { code: `${expr.negated ? '!' : ''}R.isNull(${value.code})`, type: 'bool' };
      }
      case 'distinct': {
        const [left, right] = this.pair(expr.left, expr.right, 'IS DISTINCT FROM');
        return { code: `${expr.negated ? '!' : ''}R.distinct(${left.code}, ${right.code})`, type: 'bool' };
      }
      case 'any': {
        if (expr.op !== '=' && expr.op !== '<>') throw new Untranslatable(`${expr.op} ANY`);
        const left = this.comparable(this.compile(expr.left));
        const items = expr.items.map((item) => this.comparable(this.compile(item)));
        for (const item of items) this.assertComparable(left, item, '=', false);
        const code = `R.anyEq(${left.code}, [${items.map((item) => item.code).join(', ')}])`;
        return { code: expr.op === '=' ? code : `R.not(${code})`, type: 'bool' };
      }
      case 'call':
        return this.call(expr.name, expr.args);
      case 'case': {
        const subject = expr.subject ? this.comparable(this.compile(expr.subject)) : null;
        const whens = expr.whens.map(({ when, then }) => {
          const test = subject ? `R.cmp('=', ${subject.code}, ${this.comparable(this.compile(when)).code})` : this.boolean(when);
          return `[${test}, () => ${this.boolean(then)}]`;
        });
        const otherwise = expr.otherwise ? this.boolean(expr.otherwise) : 'null';
        return { code: `R.caseWhen([${whens.join(', ')}], () => ${otherwise})`, type: 'bool' };
      }
      case 'array':
        throw new Untranslatable('an ARRAY outside = ANY (…)');
    }
  }

  boolean(expr: SqlExpr): string {
    const value = this.compile(expr);
    if (value.type !== 'bool' && value.type !== 'null') throw new Untranslatable(`a ${value.type} value used as a condition`);
    return value.code;
  }

  private pair(left: SqlExpr, right: SqlExpr, op: string): [Compiled, Compiled] {
    const a = this.comparable(this.compile(left));
    const b = this.comparable(this.compile(right));
    this.assertComparable(a, b, op, false);
    return [a, b];
  }

  private assertComparable(a: Compiled, b: Compiled, op: string, ordered: boolean): void {
    const types = [a.type, b.type].filter((type) => type !== 'null');
    if (types.some((type) => type === 'json' || type === 'geo' || type === 'other' || type === 'jsonpath'))
      throw new Untranslatable(`${op} on ${types.join(' and ')} values`);
    if (types.length === 2 && types[0] !== types[1] && !(types.includes('uuid') && types.includes('text')))
      throw new Untranslatable(`${op} between ${types[0]} and ${types[1]}`);
    // Text order depends on the collation; only equality is the same in JavaScript.
    if (ordered && types.some((type) => !ORDERED.includes(type))) throw new Untranslatable(`${op} on ${types[0]} values (collation order)`);
  }

  private binary(op: string, left: SqlExpr, right: SqlExpr): Compiled {
    if (op === 'AND' || op === 'OR') return { code: `R.${op.toLowerCase()}(${this.boolean(left)}, ${this.boolean(right)})`, type: 'bool' };
    if (COMPARE_OPS[op]) {
      const a = this.comparable(this.compile(left));
      const b = this.comparable(this.compile(right));
      this.assertComparable(a, b, op, op !== '=' && op !== '<>');
      return { code: `R.cmp('${op}', ${a.code}, ${b.code})`, type: 'bool' };
    }
    if (op === '+' || op === '-' || op === '*') {
      const a = this.asNumber(this.compile(left));
      const b = this.asNumber(this.compile(right));
      return { code: `R.arith('${op}', ${a}, ${b})`, type: 'number' };
    }
    if (op === '~' || op === '~*' || op === '!~' || op === '!~*') {
      const subject = this.compile(left);
      if (subject.type !== 'text') throw new Untranslatable(`${op} on a ${subject.type} value`);
      let pattern = right;
      while (pattern.kind === 'cast') pattern = pattern.expr;
      if (pattern.kind !== 'literal' || typeof pattern.value !== 'string')
        throw new Untranslatable('a regular expression that is not a literal');
      const source = posixRegexToJs(pattern.value);
      const flags = op.includes('*') ? 'iu' : 'u';
      const test = `R.matches(${subject.code}, /${source}/${flags})`;
      return { code: op.startsWith('!') ? `R.not(${test})` : test, type: 'bool' };
    }
    throw new Untranslatable(`the operator ${op}`);
  }

  private call(name: string, args: SqlExpr[]): Compiled {
    const text = (index: number) => {
      const value = this.compile(args[index]!);
      if (value.type !== 'text' && value.type !== 'null') throw new Untranslatable(`${name}() of a ${value.type} value`);
      return value.code;
    };
    const json = (index: number) => {
      const value = this.compile(args[index]!);
      if (value.type !== 'json' && value.type !== 'null') throw new Untranslatable(`${name}() of a ${value.type} value`);
      return value.code;
    };
    switch (args.length === 1 ? name : `${name}/${args.length}`) {
      case 'lower':
        return { code: `R.lower(${text(0)})`, type: 'text' };
      case 'upper':
        return { code: `R.upper(${text(0)})`, type: 'text' };
      case 'btrim':
        return { code: `R.btrim(${text(0)})`, type: 'text' };
      case 'length':
      case 'char_length':
      case 'character_length':
        return { code: `R.length(${text(0)})`, type: 'number' };
      case 'jsonb_typeof':
      case 'json_typeof':
        return { code: `R.jsonTypeof(${json(0)})`, type: 'text' };
      case 'jsonb_array_length':
        return { code: `R.jsonArrayLength(${json(0)})`, type: 'number' };
      case 'st_x':
      case 'st_y':
      case 'st_srid':
      case 'st_isempty':
      case 'st_isvalid': {
        const value = this.compile(args[0]!);
        if (value.type !== 'geo' && value.type !== 'null') throw new Untranslatable(`${name}() of a ${value.type} value`);
        const helper = { st_x: 'stX', st_y: 'stY', st_srid: 'stSrid', st_isempty: 'stIsEmpty', st_isvalid: 'stIsValid' }[name];
        return { code: `R.${helper}(${value.code})`, type: name === 'st_isempty' || name === 'st_isvalid' ? 'bool' : 'number' };
      }
      case 'jsonb_path_exists/2': {
        let path = args[1]!;
        while (path.kind === 'cast') path = path.expr;
        if (path.kind === 'literal' && path.value === NON_STRING_ELEMENT)
          return { code: `R.jsonHasNonStringElement(${json(0)})`, type: 'bool' };
        throw new Untranslatable(`the jsonpath ${path.kind === 'literal' ? String(path.value) : '(expression)'}`);
      }
      default:
        throw new Untranslatable(`the function ${name}()`);
    }
  }
}

/** `$[*]?(@.type() != "string")`: an element that is not a string. */
const NON_STRING_ELEMENT = '$[*]?(@.type() != "string")';

function stripCasts(expr: SqlExpr): SqlExpr {
  while (expr.kind === 'cast') expr = expr.expr;
  return expr;
}

function conjuncts(expr: SqlExpr): SqlExpr[] {
  return expr.kind === 'binary' && expr.op === 'AND' ? [...conjuncts(expr.left), ...conjuncts(expr.right)] : [expr];
}

function stringLiteral(expr: SqlExpr): string | null {
  const inner = stripCasts(expr);
  return inner.kind === 'literal' && typeof inner.value === 'string' ? inner.value : null;
}

/** `col = ANY (ARRAY['a', …])`, `col IN ('a', …)` or `col = 'a'` on a text or enum column → its labels. */
function labelsOf(expr: SqlExpr, columns: Map<string, ColumnModel>): Narrowing | null {
  let column: SqlExpr;
  let items: SqlExpr[];
  if (expr.kind === 'any' && expr.op === '=') [column, items] = [stripCasts(expr.left), expr.items];
  else if (expr.kind === 'binary' && expr.op === '=' && stripCasts(expr.left).kind === 'column')
    [column, items] = [stripCasts(expr.left), [expr.right]];
  else return null;
  if (column.kind !== 'column') return null;
  const model = columns.get(column.name);
  if (!model || model.type.isArray || (!['text', 'varchar', 'bpchar'].includes(model.type.name) && model.type.kind !== 'enum')) return null;
  const labels = items.map(stringLiteral);
  if (labels.some((label) => label === null)) return null;
  // bpchar pads: 'ab' is stored as 'ab  ', so the literals would not be what is read back.
  if (model.type.name === 'bpchar') return null;
  return { column: column.name, kind: 'labels', labels: labels as string[] };
}

function jsonTypeofOf(expr: SqlExpr): { column: string; type: string } | null {
  if (expr.kind !== 'binary' || expr.op !== '=') return null;
  const call = stripCasts(expr.left);
  const type = stringLiteral(expr.right);
  if (call.kind !== 'call' || (call.name !== 'jsonb_typeof' && call.name !== 'json_typeof') || call.args.length !== 1 || type === null)
    return null;
  const arg = stripCasts(call.args[0]!);
  return arg.kind === 'column' ? { column: arg.name, type } : null;
}

function nonStringElementOf(expr: SqlExpr): string | null {
  if (expr.kind !== 'not') return null;
  const call = expr.expr;
  if (call.kind !== 'call' || call.name !== 'jsonb_path_exists' || call.args.length !== 2) return null;
  const arg = stripCasts(call.args[0]!);
  return arg.kind === 'column' && stringLiteral(call.args[1]!) === NON_STRING_ELEMENT ? arg.name : null;
}

/** Pure: what the generator makes of one CHECK of `table`. */
export function translateCheck(table: TableModel, check: CheckModel): CheckTranslation {
  const columns = new Map(table.columns.map((column) => [column.name, column]));
  const result: CheckTranslation = { name: check.name, definition: check.definition, narrowings: [], refinement: null, untranslated: null };
  let expr: SqlExpr;
  try {
    expr = parseCheckDefinition(check.definition);
  } catch (error) {
    if (!(error instanceof SqlSyntaxError)) throw error;
    result.untranslated = `not parsed: ${error.message}`;
    return result;
  }
  let rest = conjuncts(expr);
  // Narrowings: every conjunct must hold, so each one that fixes a column's type is taken out.
  const narrowed = new Set<SqlExpr>();
  for (const part of rest) {
    const labels = labelsOf(part, columns);
    if (labels) {
      result.narrowings.push(labels);
      narrowed.add(part);
      continue;
    }
    const typeOf = jsonTypeofOf(part);
    const column = typeOf ? columns.get(typeOf.column) : undefined;
    if (
      typeOf &&
      column &&
      ['json', 'jsonb'].includes(column.type.name) &&
      !column.type.isArray &&
      (typeOf.type === 'array' || typeOf.type === 'object')
    ) {
      const strings = typeOf.type === 'array' ? rest.find((other) => nonStringElementOf(other) === typeOf.column) : undefined;
      if (strings) narrowed.add(strings);
      result.narrowings.push({
        column: typeOf.column,
        kind: 'json',
        shape: typeOf.type === 'object' ? 'object' : strings ? 'stringArray' : 'array',
      });
      narrowed.add(part);
    }
  }
  rest = rest.filter((part) => !narrowed.has(part));
  const compiled: string[] = [];
  const used = new Set<string>();
  const reasons: string[] = [];
  for (const part of rest) {
    const compiler = new Compiler(columns);
    try {
      compiled.push(compiler.boolean(part));
      for (const name of compiler.used) used.add(name);
    } catch (error) {
      if (!(error instanceof Untranslatable)) throw error;
      reasons.push(error.message);
    }
  }
  if (compiled.length > 0)
    result.refinement = { columns: [...used].sort(), code: compiled.reduce((left, right) => `R.and(${left}, ${right})`) };
  if (reasons.length > 0)
    result.untranslated =
      rest.length === conjuncts(expr).length && compiled.length === 0 ? reasons.join('; ') : `partly: ${reasons.join('; ')}`;
  return result;
}

/**
 * A column default the checks can evaluate on insert when the column is left out: a literal (with a cast)
 * as JavaScript source, `now()` as the current time; `undefined` when it cannot be known in advance.
 */
export function defaultValueCode(column: ColumnModel): string | undefined {
  if (column.default === null) return column.nullable ? 'null' : undefined;
  let expr: SqlExpr;
  try {
    expr = parseSqlExpression(column.default);
  } catch {
    return undefined;
  }
  if (
    expr.kind === 'call' &&
    (expr.name === 'now' || expr.name === 'current_timestamp') &&
    expr.args.length === 0 &&
    column.type.name === 'timestamptz'
  )
    return 'new Date()';
  const inner = stripCasts(expr);
  if (inner.kind !== 'literal') return undefined;
  if (typeof inner.value === 'number' || typeof inner.value === 'boolean') return String(inner.value);
  return inner.value === null ? 'null' : literal(inner.value);
}
