import { describe, expect, it } from 'vitest';
import { parseWkbPoint, toGeographyParam } from '../../src/pg-types/wkb-point.js';

describe('EWKB points', () => {
  it('reads what PostGIS prints for SRID=4326;POINT(-122.4194 37.7749)', () => {
    expect(parseWkbPoint('0101000020E610000050FC1873D79A5EC0D0D556EC2FE34240')).toEqual({
      type: 'Point',
      coordinates: [-122.4194, 37.7749],
    });
  });

  it('reads big-endian WKB without SRID', () => {
    expect(parseWkbPoint('00000000013FF00000000000004000000000000000')).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('round-trips every double bit for bit, including the antimeridian and the poles', () => {
    for (const coordinates of [
      [180, 90],
      [-180, -90],
      [179.99999999999997, -89.99999999999999],
      [0.1 + 0.2, -0],
      [1e-300, 5e-324],
    ] as [number, number][]) {
      expect(parseWkbPoint(toGeographyParam({ type: 'Point', coordinates }))).toEqual({ type: 'Point', coordinates });
    }
  });

  it('refuses anything but a 2D point', () => {
    expect(() => parseWkbPoint('0102000020E610000000000000')).toThrow(/only 2D points.*type 2/);
    expect(() => parseWkbPoint('01010000A0E6100000000000000000F03F00000000000000400000000000000840')).toThrow(/type 1 Z/);
    expect(() => parseWkbPoint('zz')).toThrow(/not a hex EWKB/);
  });
});
