import { join } from 'node:path';
import { migratedSnapshot } from '../../src/testing/migrated-snapshot.js';

/** Builds the migrated embedded snapshot once, before the workers start, so none of them races to build it. */
export default async function setup(): Promise<void> {
  await migratedSnapshot(join(import.meta.dirname, '..', '..', 'migrations'));
}
