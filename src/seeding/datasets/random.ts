/**
 * A small seeded PRNG (sfc32 seeded through splitmix32). The seeders use it for every id, time and
 * amount so that a seed number gives the same rows on every run and engine; faker is used only for
 * names and prose. Each table draws from its own stream, so changing how many rows one table gets
 * does not shift the values of another.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [min, max]. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  float(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A version-4-shaped UUID made of PRNG bits. */
  uuid(): string;
  /** Lower-case letters and digits. */
  token(length: number): string;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const HEX = '0123456789abcdef';
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function createRandom(seed: number, stream: string): Random {
  const init = splitmix32((seed ^ hashName(stream)) >>> 0);
  let a = init(),
    b = init(),
    c = init(),
    d = init();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i += 1) u32();
  const next = () => u32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    uuid() {
      let out = '';
      for (let i = 0; i < 32; i += 1) {
        let nibble = u32() & 15;
        if (i === 12) nibble = 4;
        if (i === 16) nibble = 8 | (nibble & 3);
        out += HEX[nibble];
        if (i === 7 || i === 11 || i === 15 || i === 19) out += '-';
      }
      return out;
    },
    token(length) {
      let out = '';
      for (let i = 0; i < length; i += 1) out += ALPHANUMERIC[u32() % ALPHANUMERIC.length];
      return out;
    },
  };
}
