/** aegis-db/pg: the pg type configuration that makes values read from the database match aegis-db/types, and the write helpers. */
export { aegisTypeParsers, type AegisTypeOids, type AegisTypes } from './aegis-type-parsers.js';
export { loadAegisTypeOids, loadAegisTypes, registerAegisTypes } from './load-aegis-types.js';
export { parseWkbPoint, toGeographyParam } from './wkb-point.js';
export { jsonb } from './jsonb-param.js';
export type { GeoPoint, GeographyParam, JsonbParam, JsonObject, JsonValue } from '../generated/types.js';
