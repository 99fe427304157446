/** aegis-db/pg: the pg type configuration that makes values read from the database match aegis-db/types. */
export { aegisTypeParsers, type AegisTypeOids, type AegisTypes } from './aegis-type-parsers.js';
export { loadAegisTypeOids, loadAegisTypes, registerAegisTypes } from './load-aegis-types.js';
export { parseWkbPoint, toGeographyParam } from './wkb-point.js';
export type { GeoPoint } from '../generated/types.js';
