import type { GeoPoint, GeographyParam } from '../generated/types.js';

const WGS84 = 4326;
const POINT = 1;
const SRID_FLAG = 0x20000000;
const Z_FLAG = 0x80000000;
const M_FLAG = 0x40000000;

/**
 * A PostGIS geography/geometry value in its text form (hex EWKB, as PostgreSQL sends it) → GeoJSON point.
 * Anything but a 2D point is refused rather than guessed at.
 */
export function parseWkbPoint(hex: string): GeoPoint {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 5 || bytes.length * 2 !== hex.length) throw new TypeError(`not a hex EWKB value: ${hex.slice(0, 40)}`);
  const little = bytes[0] === 1;
  const word = little ? bytes.readUInt32LE(1) : bytes.readUInt32BE(1);
  const type = word & 0x0fffffff;
  if (type !== POINT || (word & (Z_FLAG | M_FLAG)) !== 0) {
    throw new TypeError(
      `aegis-db/pg reads only 2D points from geography columns, not WKB type ${type}${word & Z_FLAG ? ' Z' : ''}${word & M_FLAG ? ' M' : ''}`,
    );
  }
  let offset = 5;
  if (word & SRID_FLAG) offset += 4;
  if (bytes.length !== offset + 16) throw new TypeError(`EWKB point has ${bytes.length} bytes, expected ${offset + 16}`);
  const x = little ? bytes.readDoubleLE(offset) : bytes.readDoubleBE(offset);
  const y = little ? bytes.readDoubleLE(offset + 8) : bytes.readDoubleBE(offset + 8);
  return { type: 'Point', coordinates: [x, y] };
}

/**
 * A GeoJSON point → the hex EWKB (SRID 4326) to pass as a query parameter for a geography column, through
 * pg or Kysely (the generated insert and update types of geography columns take exactly this).
 * The doubles are copied bit for bit, so what is written reads back identical.
 */
export function toGeographyParam(point: GeoPoint): GeographyParam {
  const [longitude, latitude] = point.coordinates;
  const bytes = Buffer.alloc(25);
  bytes.writeUInt8(1, 0);
  bytes.writeUInt32LE((POINT | SRID_FLAG) >>> 0, 1);
  bytes.writeUInt32LE(WGS84, 5);
  bytes.writeDoubleLE(longitude, 9);
  bytes.writeDoubleLE(latitude, 17);
  return bytes.toString('hex') as GeographyParam;
}
