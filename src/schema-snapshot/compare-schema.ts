import { readFileSync } from 'node:fs';
import { AegisError } from '../errors/aegis-error.js';
import { withClient, type DatabaseTarget } from '../database/target.js';
import { dumpSchema } from './dump-schema.js';
import { diffSnapshots, type SnapshotDifference } from './diff-snapshots.js';
import { option } from '../errors/option.js';

export interface SchemaDiffResult {
  snapshotPath: string;
  differences: SnapshotDifference[];
}

/** Reads the live schema of `target` and compares it with the snapshot file. */
export async function compareSchema(options: { target: DatabaseTarget; snapshotPath: string }): Promise<SchemaDiffResult> {
  let expected: string;
  try {
    expected = readFileSync(options.snapshotPath, 'utf8');
  } catch (error) {
    throw new AegisError('NOT_FOUND', `no schema snapshot at ${options.snapshotPath}`, {
      hint: `write one from a fully migrated database with aegis-db schema dump, or pass ${option('snapshotPath', 'FILE')}`,
      cause: error,
    });
  }
  const actual = await liveSnapshot(options.target);
  return { snapshotPath: options.snapshotPath, differences: diffSnapshots(expected, actual) };
}

export async function liveSnapshot(target: DatabaseTarget): Promise<string> {
  return withClient(target, dumpSchema, { applicationName: 'aegis-db schema' });
}
