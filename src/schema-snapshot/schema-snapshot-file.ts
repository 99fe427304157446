import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';

/** The committed snapshot of a fully migrated database. */
export function defaultSnapshotPath(): string {
  return join(packageRoot(), 'schema', 'schema.snapshot.txt');
}
