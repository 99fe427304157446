import { AegisError } from '../errors/aegis-error.js';

type SeedFunction = (options: { url: string; profile: 'demo' }) => Promise<unknown>;

// Resolved at run time: the seeder lands in src/seeding/seed.ts, and until it does `dev` and
// createTestDatabase still work, just without demo rows.
const SEED_MODULE = '../seeding/seed.js';

/** Seeds the demo profile into the database at `url`; 'unavailable' when this build has no seeder. */
export async function seedDemo(url: string): Promise<'seeded' | 'unavailable'> {
  let seed: SeedFunction | undefined;
  try {
    seed = ((await import(SEED_MODULE)) as { seed?: SeedFunction }).seed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return 'unavailable';
    throw error;
  }
  if (!seed) return 'unavailable';
  try {
    await seed({ url, profile: 'demo' });
  } catch (error) {
    throw error instanceof AegisError ? error : new AegisError('INTERNAL', `seeding the demo profile failed: ${String(error)}`, { cause: error });
  }
  return 'seeded';
}
