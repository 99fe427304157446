import { readFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import { join } from 'node:path';
import { withClient } from './scratch-database.js';

export interface MachineInfo {
  date: string;
  host: { platform: string; kernel: string; cpu: string; cores: number; memoryGb: number };
  versions: Record<string, string>;
  server: { version: string; postgis: string | null; sharedBuffers: string; synchronousCommit: string };
}

function packageVersion(root: string, name: string): string {
  try {
    const path = name === 'aegis-db' ? join(root, 'package.json') : join(root, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'absent';
  }
}

export async function machineInfo(serverUrl: string, root: string): Promise<MachineInfo> {
  const server = await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ version: string; postgis: string | null; shared_buffers: string; synchronous_commit: string }>(
      `SELECT current_setting('server_version') AS version,
              (SELECT default_version FROM pg_available_extensions WHERE name = 'postgis') AS postgis,
              current_setting('shared_buffers') AS shared_buffers,
              current_setting('synchronous_commit') AS synchronous_commit`,
    );
    return rows[0]!;
  });
  return {
    date: new Date().toISOString(),
    host: {
      platform: platform(),
      kernel: release(),
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
    },
    versions: {
      node: process.versions.node,
      'aegis-db': packageVersion(root, 'aegis-db'),
      pg: packageVersion(root, 'pg'),
      'node-pg-migrate': packageVersion(root, 'node-pg-migrate'),
      '@electric-sql/pglite': packageVersion(root, '@electric-sql/pglite'),
      '@electric-sql/pglite-postgis': packageVersion(root, '@electric-sql/pglite-postgis'),
    },
    server: {
      version: server.version,
      postgis: server.postgis,
      sharedBuffers: server.shared_buffers,
      synchronousCommit: server.synchronous_commit,
    },
  };
}
