import type { ColumnType } from '../../introspection/schema-model.js';
import type { ParamEncoding } from '../../queries/run-named-query.js';
import { mapColumnType } from '../column-types.js';

export interface ParamType {
  ts: string;
  encoding: ParamEncoding;
}

// What pg sends correctly for each type besides the type a row reads back as.
const WIDER: Record<string, string> = {
  timestamptz: 'Date | string',
  numeric: 'string | number',
  int8: 'number | bigint | string',
};

/**
 * The TypeScript type a parameter accepts and how it is sent: geography as a GeoJSON point (sent as hex
 * EWKB), json/jsonb as any JSON value (sent as JSON text, so a JS array stays a JSON array), and every other
 * type as the row types read it, widened where pg sends more (a Date for timestamptz, a number for numeric).
 */
export function queryParamType(type: ColumnType): ParamType {
  if (!type.isArray && (type.name === 'geography' || type.name === 'geometry')) return { ts: 'GeoPoint', encoding: 'geography' };
  if (!type.isArray && (type.name === 'json' || type.name === 'jsonb')) return { ts: 'JsonValue', encoding: 'json' };
  const wider = type.isArray || type.kind === 'enum' ? undefined : WIDER[type.name];
  return { ts: wider ?? mapColumnType(type).ts, encoding: 'value' };
}
