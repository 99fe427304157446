import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterTar } from '../../src/database/postgis-bundle.js';

describe('filterTar (the PostGIS bundle without topology and raster)', () => {
  it('keeps the entries asked for, long names included, and gives a tar that lists exactly those', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aegis-tar-'));
    const long = `share/${'deep/'.repeat(30)}postgis--3.6.2.sql`;
    const files = ['lib/postgresql/postgis-3.so', 'lib/postgresql/postgis_raster-3.so', 'share/postgis_topology.control', long];
    for (const file of files) {
      mkdirSync(join(dir, 'in', file, '..'), { recursive: true });
      writeFileSync(join(dir, 'in', file), `contents of ${file}\n`.repeat(40));
    }
    for (const format of ['gnu', 'pax']) {
      const archive = join(dir, `${format}.tar`);
      execFileSync('tar', ['--format', format, '-cf', archive, '-C', join(dir, 'in'), ...files]);
      const filtered = join(dir, `${format}-filtered.tar`);
      writeFileSync(
        filtered,
        filterTar(readFileSync(archive), (name) => !/postgis_(topology|raster)/.test(name)),
      );
      expect(execFileSync('tar', ['-tf', filtered], { encoding: 'utf8' }).trim().split('\n')).toEqual([
        'lib/postgresql/postgis-3.so',
        long,
      ]);
      execFileSync('tar', ['-xf', filtered, '-C', mkdtempSync(join(dir, 'out-'))]);
    }
  });
});
