import type { GeoPoint } from '../../generated/types.js';
import type { Random } from './random.js';

export type Point = GeoPoint;

export function point(longitude: number, latitude: number): Point {
  return { type: 'Point', coordinates: [round6(longitude), round6(latitude)] };
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** R-7's demo job site: downtown Los Angeles. */
export const DOWNTOWN_LA = point(-118.2437, 34.0522);

/** Neighbourhoods the seeded jobs and guards are spread over: name, ZIP, longitude, latitude. */
export const NEIGHBOURHOODS: readonly (readonly [string, string, number, number])[] = [
  ['Downtown', '90012', -118.2437, 34.0522],
  ['Hollywood', '90028', -118.3287, 34.0928],
  ['Santa Monica', '90401', -118.4912, 34.0195],
  ['Koreatown', '90010', -118.3004, 34.0618],
  ['Silver Lake', '90026', -118.2705, 34.0869],
  ['Venice', '90291', -118.4695, 33.985],
  ['Pasadena', '91101', -118.1445, 34.1478],
  ['Culver City', '90232', -118.3965, 34.0211],
  ['Burbank', '91502', -118.309, 34.1808],
  ['Long Beach', '90802', -118.1937, 33.7701],
  ['Westwood', '90024', -118.4452, 34.0635],
  ['Inglewood', '90301', -118.3531, 33.9617],
  ['Echo Park', '90026', -118.2606, 34.0782],
  ['Beverly Hills', '90210', -118.4004, 34.0736],
];

const STREETS = [
  'Main St',
  'Spring St',
  'Broadway',
  'Figueroa St',
  'Sunset Blvd',
  'Wilshire Blvd',
  'Olympic Blvd',
  'Vermont Ave',
  'Western Ave',
  'La Brea Ave',
  'Melrose Ave',
  'Pico Blvd',
  'Venice Blvd',
  'Santa Monica Blvd',
  'Grand Ave',
  'Hope St',
];

export interface Site {
  address: string;
  location: Point;
}

/** A street address in a Los Angeles neighbourhood, within about 2 km of its centre. */
export function laSite(random: Random): Site {
  const [name, zip, longitude, latitude] = random.pick(NEIGHBOURHOODS);
  return {
    address: `${random.int(100, 9999)} ${random.pick(STREETS)}, ${name}, Los Angeles, CA ${zip}`,
    location: point(longitude + random.float(-0.02, 0.02), latitude + random.float(-0.02, 0.02)),
  };
}

/** Somewhere within `meters` of `origin` (flat-earth approximation, fine at city scale). */
export function near(random: Random, origin: Point, meters: number): Point {
  const [longitude, latitude] = origin.coordinates;
  const dLat = random.float(-meters, meters) / 111_320;
  const dLon = random.float(-meters, meters) / (111_320 * Math.cos((latitude * Math.PI) / 180));
  return point(longitude + dLon, latitude + dLat);
}
