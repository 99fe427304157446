import { readFileSync } from 'node:fs';
import { AegisError } from '../errors/aegis-error.js';
import { connect } from '../database/connect.js';
import { dumpSchema } from './dump-schema.js';
import { diffSnapshots, type SnapshotDifference } from './diff-snapshots.js';

export interface SchemaDiffResult {
  snapshotPath: string;
  differences: SnapshotDifference[];
}

/** Reads the live schema at `url` and compares it with the snapshot file. */
export async function compareSchema(options: { url: string; snapshotPath: string; connectTimeoutMs?: number }): Promise<SchemaDiffResult> {
  let expected: string;
  try {
    expected = readFileSync(options.snapshotPath, 'utf8');
  } catch (error) {
    throw new AegisError('NOT_FOUND', `no schema snapshot at ${options.snapshotPath}`, {
      hint: 'write one from a fully migrated database with aegis-db schema dump, or pass --snapshot FILE',
      cause: error,
    });
  }
  const actual = await liveSnapshot(options);
  return { snapshotPath: options.snapshotPath, differences: diffSnapshots(expected, actual) };
}

export async function liveSnapshot(options: { url: string; connectTimeoutMs?: number }): Promise<string> {
  const client = await connect(options.url, { applicationName: 'aegis-db schema', connectTimeoutMs: options.connectTimeoutMs });
  try {
    return await dumpSchema(client);
  } finally {
    await client.end().catch(() => {});
  }
}
