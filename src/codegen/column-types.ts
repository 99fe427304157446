import { AegisError } from '../errors/aegis-error.js';
import type { ColumnType } from '../introspection/schema-model.js';
import { enumNames } from './naming.js';

/** A column's TypeScript type and the zod expression that accepts exactly its values (both without null). */
export interface MappedType {
  ts: string;
  zod: string;
}

// Types `pg` returns as text, which is also what they mean to a service.
const TEXT_TYPES = new Set([
  'text',
  'citext',
  'name',
  'inet',
  'cidr',
  'macaddr',
  'macaddr8',
  'time',
  'timetz',
  'money',
  'xml',
  'tsvector',
  'tsquery',
  'bit',
  'varbit',
]);

function scalar(type: ColumnType): MappedType {
  if (type.kind === 'enum') {
    const names = enumNames(type.name);
    return { ts: names.type, zod: names.schema };
  }
  switch (type.name) {
    case 'uuid':
      return { ts: 'string', zod: 'uuidSchema' };
    case 'varchar':
    case 'bpchar':
      return type.maxLength === null ? { ts: 'string', zod: 'z.string()' } : { ts: 'string', zod: `varcharSchema(${type.maxLength})` };
    case 'int2':
      return { ts: 'number', zod: 'int2Schema' };
    case 'int4':
      return { ts: 'number', zod: 'int4Schema' };
    case 'int8':
      return { ts: 'string', zod: 'int8Schema' };
    case 'numeric':
      return { ts: 'string', zod: 'numericSchema' };
    case 'float4':
    case 'float8':
      return { ts: 'number', zod: 'z.number()' };
    case 'bool':
      return { ts: 'boolean', zod: 'z.boolean()' };
    case 'timestamptz':
      return { ts: 'Date', zod: 'z.date()' };
    case 'timestamp':
      return { ts: 'string', zod: 'timestampSchema' };
    case 'date':
      return { ts: 'string', zod: 'dateSchema' };
    case 'json':
    case 'jsonb':
      return { ts: 'JsonValue', zod: 'jsonValueSchema' };
    case 'geography':
    case 'geometry':
      if (/^\w+\(Point,4326\)$/.test(type.sql)) return { ts: 'GeoPoint', zod: 'geoPointSchema' };
      throw new AegisError('CONFIG', `aegis-db types maps only ${type.name}(Point,4326) columns, not ${type.sql}`, {
        hint: 'declare the column as geography(Point, 4326), or extend src/codegen/column-types.ts and the WKB parser in src/pg-types',
      });
    default:
      if (TEXT_TYPES.has(type.name)) return { ts: 'string', zod: 'z.string()' };
      throw new AegisError('CONFIG', `aegis-db types has no mapping for the column type ${type.sql}`, {
        hint: 'map it in src/codegen/column-types.ts and, if pg does not return it as text, parse it in src/pg-types',
      });
  }
}

/** The TypeScript and zod types of a column's values (null excluded); array elements may be NULL in PostgreSQL. */
export function mapColumnType(type: ColumnType): MappedType {
  const element = scalar(type);
  if (!type.isArray) return element;
  return { ts: `Array<${element.ts} | null>`, zod: `z.array(${element.zod}.nullable())` };
}
