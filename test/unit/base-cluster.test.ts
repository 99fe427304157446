import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseClusterKey, cachedBasePath, discardBaseCluster, readBaseCluster } from '../../src/database/base-cluster.js';

describe('base cluster cache', () => {
  const saved = process.env.AEGIS_CACHE_DIR;
  beforeEach(() => {
    process.env.AEGIS_CACHE_DIR = mkdtempSync(join(tmpdir(), 'aegis-cache-'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.AEGIS_CACHE_DIR;
    else process.env.AEGIS_CACHE_DIR = saved;
  });
  const write = (bytes: Buffer, digest: string) => {
    mkdirSync(dirname(cachedBasePath()), { recursive: true });
    writeFileSync(cachedBasePath(), bytes);
    writeFileSync(`${cachedBasePath()}.sha256`, `${digest}\n`);
  };

  it('is keyed by the installed PGlite and PostGIS versions', () => {
    expect(baseClusterKey()).toMatch(/^pglite-\d+\.\d+\.\d+-postgis-\d+\.\d+\.\d+-r\d+$/);
    expect(cachedBasePath()).toBe(join(process.env.AEGIS_CACHE_DIR!, baseClusterKey(), 'cluster.tar.gz'));
  });

  it('is used when its checksum matches, skipped when the bytes are corrupt or the checksum is missing, and can be discarded', () => {
    const bytes = Buffer.from('a tarball');
    write(bytes, createHash('sha256').update(bytes).digest('hex'));
    const found = readBaseCluster();
    expect(found?.path).toBe(cachedBasePath());
    write(Buffer.from('a tarball, truncated or overwritten'), createHash('sha256').update(bytes).digest('hex'));
    expect(readBaseCluster()?.path).not.toBe(cachedBasePath());
    discardBaseCluster(found!);
    expect(readBaseCluster()?.path).not.toBe(cachedBasePath());
  });

  it('AEGIS_BASE_CLUSTER=off ignores it', () => {
    const bytes = Buffer.from('a tarball');
    write(bytes, createHash('sha256').update(bytes).digest('hex'));
    process.env.AEGIS_BASE_CLUSTER = 'off';
    try {
      expect(readBaseCluster()).toBeUndefined();
    } finally {
      delete process.env.AEGIS_BASE_CLUSTER;
    }
  });
});
