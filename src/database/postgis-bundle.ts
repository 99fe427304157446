import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Extension } from '@electric-sql/pglite';
import { baseClusterKey, cacheRoot } from './base-cluster.js';

/**
 * PGlite compiles every shared library of an extension's bundle when it starts. The PostGIS bundle holds
 * three of 15-17 MB each (postgis, postgis_topology, postgis_raster); aegis-db uses only the first, so it
 * starts PGlite with a copy of the bundle without topology and raster (built once, cached per machine).
 */

const LEFT_OUT = /postgis_(topology|raster)/;

/** Keeps the tar entries whose name passes `keep` (ustar headers, with pax and GNU long-name records). */
export function filterTar(tar: Uint8Array, keep: (name: string) => boolean): Buffer {
  const kept: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let longName: string | undefined;
  const text = (from: number, length: number) =>
    Buffer.from(tar.subarray(from, from + length))
      .toString('utf8')
      .replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const end = at + 512 + Math.ceil(size / 512) * 512;
    const record = tar.subarray(at, end);
    const type = String.fromCharCode(header[156]!);
    if (type === 'x' || type === 'L' || type === 'g') {
      if (type === 'L') longName = text(at + 512, size);
      pending.push(record);
    } else {
      const prefix = text(at + 345, 155);
      const name = longName ?? (prefix ? `${prefix}/${text(at, 100)}` : text(at, 100));
      if (keep(name)) kept.push(...pending, record);
      pending = [];
      longName = undefined;
    }
    at = end;
  }
  return Buffer.concat([...kept, new Uint8Array(1024)]);
}

function findStockBundle(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const bundle = join(dir, 'node_modules', '@electric-sql', 'pglite-postgis', 'dist', 'postgis.tar.gz');
    if (existsSync(bundle)) return bundle;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The cached core bundle, built from the installed one when missing; undefined when it cannot be (then the stock one is used). */
export function corePostgisBundle(): string | undefined {
  if (process.env.AEGIS_BASE_CLUSTER === 'off') return undefined;
  const path = join(cacheRoot(), baseClusterKey(), 'postgis-core.tar.gz');
  if (existsSync(path)) return path;
  try {
    const stock = findStockBundle();
    if (!stock) return undefined;
    const core = gzipSync(
      filterTar(gunzipSync(readFileSync(stock)), (name) => !LEFT_OUT.test(name)),
      { level: 1 },
    );
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, core);
    renameSync(partial, path);
    return path;
  } catch {
    return undefined;
  }
}

/** PGlite's postgis extension, loading the core bundle when there is one. */
export function corePostgis(stock: Extension): Extension {
  const bundle = corePostgisBundle();
  if (!bundle) return stock;
  return {
    name: stock.name,
    setup: async (pg, options, clientOnly) => {
      const result = await stock.setup(pg, options, clientOnly);
      return { ...result, bundlePath: pathToFileURL(bundle) };
    },
  };
}
