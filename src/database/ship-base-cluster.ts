// Run by `npm pack` (prepack): puts this machine's base cluster into dist/embedded/, so a project that installs
// aegis-db starts its first embedded database from it instead of running initdb and CREATE EXTENSION postgis.
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { shipBaseCluster } from './base-cluster.js';
import { startEmbedded } from './embedded.js';

const path = await shipBaseCluster(async () => {
  // A start without a usable base creates one and caches it.
  const server = await startEmbedded({ dataDir: undefined });
  await server.stop();
});
console.error(`base cluster: ${relative(process.cwd(), path)} (${(statSync(path).size / 1e6).toFixed(1)} MB)`);
