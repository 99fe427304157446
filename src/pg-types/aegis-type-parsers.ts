import pg from 'pg';
import { parseWkbPoint } from './wkb-point.js';

/** The per-database OIDs the parsers need (extension and enum types get new OIDs in every database). */
export interface AegisTypeOids {
  geography: number[];
  geographyArrays: number[];
  enumArrays: number[];
}

type Parser = (value: string) => unknown;

/** `pg`'s `types` option: what `new pg.Pool({ types })` and `new pg.Client({ types })` accept. */
export interface AegisTypes {
  getTypeParser(oid: number, format?: 'text' | 'binary'): Parser;
  /** The text-format parsers aegis-db replaces, by OID (every other type keeps pg's parser). */
  readonly textParsers: ReadonlyMap<number, Parser>;
}

const BUILTIN = {
  date: 1082,
  dateArray: 1182,
  timestamp: 1114,
  timestampArray: 1115,
  timestamptz: 1184,
  timestamptzArray: 1185,
  numericArray: 1231,
  textArray: 1009,
} as const;

const defaultParser = (oid: number): Parser => pg.types.getTypeParser(oid, 'text') as Parser;
// pg parses text[] into string elements with NULLs kept; every array below starts from it.
const stringArray = (value: string) => defaultParser(BUILTIN.textArray)(value) as Array<string | null>;

// ±infinity has no Date; pg would hand out the number Infinity where the type promises a Date.
function timestamptz(value: string): Date {
  const parsed = defaultParser(BUILTIN.timestamptz)(value);
  if (!(parsed instanceof Date) || Number.isNaN(parsed.getTime())) {
    throw new RangeError(`timestamptz '${value}' has no JavaScript Date; select it as text (e.g. column::text) instead`);
  }
  return parsed;
}

/** The parsers by OID, for the text format (the one pg uses unless a query asks for binary). */
export function aegisTypeParsers(oids: AegisTypeOids): AegisTypes {
  const parsers = new Map<number, Parser>([
    // date is a calendar day: keep 'YYYY-MM-DD' instead of a Date at local midnight.
    [BUILTIN.date, (value) => value],
    [BUILTIN.dateArray, stringArray],
    // timestamp without time zone names no instant: keep PostgreSQL's text.
    [BUILTIN.timestamp, (value) => value],
    [BUILTIN.timestampArray, stringArray],
    [BUILTIN.timestamptz, timestamptz],
    [BUILTIN.timestamptzArray, (value) => stringArray(value).map((item) => (item === null ? null : timestamptz(item)))],
    // pg parses numeric[] into floats (numeric alone and int8 stay exact strings already).
    [BUILTIN.numericArray, stringArray],
  ]);
  for (const oid of oids.geography) parsers.set(oid, parseWkbPoint);
  for (const oid of oids.geographyArrays)
    parsers.set(oid, (value) => stringArray(value).map((item) => (item === null ? null : parseWkbPoint(item))));
  for (const oid of oids.enumArrays) parsers.set(oid, stringArray);
  return {
    textParsers: parsers,
    getTypeParser(oid, format = 'text') {
      if (format === 'text') {
        const parser = parsers.get(oid);
        if (parser) return parser;
      }
      return pg.types.getTypeParser(oid, format) as Parser;
    },
  };
}
