import { databaseTarget } from '../database/target.js';
import type { Logger } from '../logger.js';

/** Seeds the demo profile into the database at `url` (loaded lazily: faker is heavy). */
export async function seedDemo(url: string, options: { migrationsDir?: string; logger?: Logger } = {}): Promise<void> {
  const { seed } = await import('../seeding/seed.js');
  await seed({ target: databaseTarget(url), profile: 'demo', ...options });
}
