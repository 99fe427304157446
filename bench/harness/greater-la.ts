/** Greater Los Angeles, where the benchmarks place guards, job sites and query points. */
export const GREATER_LA = { west: -118.67, south: 33.7, width: 1.02, height: 0.64 } as const;

/** A point drawn evenly in GREATER_LA: two draws of `next`, the longitude first. */
export function pointInGreaterLa(next: () => number): { lon: number; lat: number } {
  const lon = GREATER_LA.west + next() * GREATER_LA.width;
  const lat = GREATER_LA.south + next() * GREATER_LA.height;
  return { lon, lat };
}

/** A deterministic pseudo-random stream in [0, 1) (mulberry32): the same seed gives the same points every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
