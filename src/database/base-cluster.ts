import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { packageRoot } from '../config/package-root.js';

/**
 * A new embedded cluster costs an initdb and `CREATE EXTENSION postgis` (tens of seconds on a slow machine).
 * Both are the same for every cluster of one PGlite + PostGIS build, so the result is kept as a data-dir
 * tarball: shipped in the package (dist/embedded/) and cached per machine, and a new cluster starts from it.
 */

/** Bumped when what the base cluster holds changes (e.g. another extension). */
const RECIPE = 1;

/** The extensions every embedded cluster comes with (created in the base, so migrations find them). */
export const BASE_EXTENSIONS = ['postgis', 'btree_gist'] as const;

/** The installed version of a package, found the way Node resolves it: node_modules folders upwards from here. */
function versionOf(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown';
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

let key: string | undefined;

/** Names the PGlite and PostGIS builds a base cluster belongs to: a tarball of another build is never loaded. */
export function baseClusterKey(): string {
  key ??= `pglite-${versionOf('@electric-sql/pglite')}-postgis-${versionOf('@electric-sql/pglite-postgis')}-r${RECIPE}`;
  return key;
}

/** The per-machine cache (AEGIS_CACHE_DIR, else $XDG_CACHE_HOME/aegis-db, else ~/.cache/aegis-db). */
export function cacheRoot(): string {
  return process.env.AEGIS_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aegis-db');
}

export function cachedBasePath(): string {
  return join(cacheRoot(), baseClusterKey(), 'cluster.tar.gz');
}

export function shippedBasePath(): string {
  return join(packageRoot(), 'dist', 'embedded', `${baseClusterKey()}.tar.gz`);
}

const digestOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A tarball with its recorded checksum beside it; one whose bytes do not match is treated as missing. */
function readChecked(path: string): Buffer | undefined {
  try {
    const bytes = readFileSync(path);
    return readFileSync(`${path}.sha256`, 'utf8').trim() === digestOf(bytes) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

export interface BaseCluster {
  tarball: Blob;
  /** Where it was read from (removed by discardBaseCluster when PGlite cannot start from it). */
  path: string;
}

/** The base cluster for this PGlite build: the machine's cache first, then the copy shipped in the package. */
export function readBaseCluster(): BaseCluster | undefined {
  if (process.env.AEGIS_BASE_CLUSTER === 'off') return undefined;
  for (const path of [cachedBasePath(), shippedBasePath()]) {
    const bytes = readChecked(path);
    if (bytes) return { tarball: new Blob([bytes]), path };
  }
  return undefined;
}

/** Forgets a tarball PGlite could not start from (the shipped copy is left alone: the cache replaces it). */
export function discardBaseCluster(cluster: BaseCluster): void {
  if (cluster.path !== cachedBasePath()) return;
  rmSync(cluster.path, { force: true });
  rmSync(`${cluster.path}.sha256`, { force: true });
}

function writeChecked(path: string, bytes: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(`${partial}.sha256`, digestOf(bytes) + '\n');
  writeFileSync(partial, bytes);
  // The checksum goes in place first: a reader that sees the new tarball also sees its checksum.
  renameSync(`${partial}.sha256`, `${path}.sha256`);
  renameSync(partial, path);
}

/** Creates the base extensions in a new cluster (what the base tarball holds beyond initdb). */
export async function createBaseExtensions(db: PGlite): Promise<void> {
  for (const name of BASE_EXTENSIONS) await db.exec(`CREATE EXTENSION IF NOT EXISTS ${name}`);
  await db.exec('CHECKPOINT');
}

/** Saves a just-created cluster (extensions created, nothing else) as this machine's base; stale builds' caches are removed. */
export async function saveBaseCluster(db: PGlite, path = cachedBasePath()): Promise<void> {
  if (process.env.AEGIS_BASE_CLUSTER === 'off') return;
  const dump = await db.dumpDataDir('gzip');
  writeChecked(path, Buffer.from(await dump.arrayBuffer()));
  if (path !== cachedBasePath()) return;
  for (const entry of readdirSync(cacheRoot(), { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith('pglite-') && entry.name !== baseClusterKey())
      rmSync(join(cacheRoot(), entry.name), { recursive: true, force: true });
  }
}

/** Copies this machine's base (building it when missing) into dist/embedded/ for the package to ship. */
export async function shipBaseCluster(build: () => Promise<void>): Promise<string> {
  if (!readChecked(cachedBasePath())) await build();
  const bytes = readChecked(cachedBasePath());
  if (!bytes) throw new Error(`cannot build the base cluster in ${cachedBasePath()}`);
  const target = shippedBasePath();
  rmSync(dirname(target), { recursive: true, force: true });
  writeChecked(target, bytes);
  return target;
}
