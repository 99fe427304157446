import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, parseMigration } from '../../src/migrations/load-migrations.js';
import { planMigrations } from '../../src/migrations/migrate.js';
import { checkIntegrity } from '../../src/migrations/validate-applied.js';
import { codeFrame, lineColumn } from '../../src/migrations/code-frame.js';
import { AegisError } from '../../src/errors/aegis-error.js';
import { MIGRATIONS_DIR } from '../helpers/engines.js';

const ok = '-- Up Migration\nCREATE TABLE t (id int);\n-- Down Migration\nDROP TABLE t;\n';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AegisError ? `${error.code}: ${error.message}` : String(error);
  }
  return undefined;
}

describe('parseMigration', () => {
  it('splits Up and Down and remembers where Up starts', () => {
    const file = parseMigration('/m/20260101000000_t.sql', '20260101000000_t.sql', ok);
    expect(file.name).toBe('20260101000000_t');
    expect(file.up.sql.trim()).toBe('CREATE TABLE t (id int);');
    expect(ok.slice(file.up.offset).trimStart().startsWith('CREATE TABLE')).toBe(true);
    expect(file.noTransaction).toBe(false);
    expect(file.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['bad-name.sql', ok, /CONFIG: .*cannot parse the migration file name/],
    ['20260101_t.sql', ok, /cannot parse the migration file name/],
    ['20260101000000_t.sql', '-- Up Migration\nSELECT 1;\n', /no "-- Down Migration" section/],
    ['20260101000000_t.sql', '-- Up Migration\nSELECT 1;\n-- Down Migration\n-- nothing\n', /Down section is empty/],
    ['20260101000000_t.sql', 'SELECT 1;\n-- Down Migration\nSELECT 1;', /no "-- Up Migration" line/],
    [
      '20260101000000_t.sql',
      '-- aegis:no-transaction\n-- Up Migration\nSELECT 1; SELECT 2;\n-- Down Migration\nSELECT 1;',
      /exactly one statement/,
    ],
  ])('rejects %s with a CONFIG error naming the file', (name, text, pattern) => {
    expect(code(() => parseMigration(`/m/${name}`, name, text))).toMatch(pattern);
  });

  it('parses and checksums a CRLF (or BOM-prefixed) file like its LF original, remembering the raw checksum', () => {
    const lf = parseMigration('/m/20260101000000_t.sql', '20260101000000_t.sql', ok);
    const crlfText = ok.replace(/\n/g, '\r\n');
    const crlf = parseMigration('/m/20260101000000_t.sql', '20260101000000_t.sql', crlfText);
    const bom = parseMigration('/m/20260101000000_t.sql', '20260101000000_t.sql', '\uFEFF' + crlfText);
    expect(crlf.checksum).toBe(lf.checksum);
    expect(bom.checksum).toBe(lf.checksum);
    expect(crlf.up.sql).toBe(lf.up.sql);
    expect(lf.checksum).toBe(createHash('sha256').update(ok).digest('hex'));
    const crlfRaw = createHash('sha256').update(crlfText).digest('hex');
    expect(lf.legacyChecksums).toEqual([crlfRaw]);
    expect(crlf.legacyChecksums).toEqual([crlfRaw]);
  });

  it('accepts a one-statement no-transaction file', () => {
    const text =
      '-- aegis:no-transaction\n-- Up Migration\nCREATE INDEX CONCURRENTLY i ON t (id);\n-- Down Migration\nDROP INDEX CONCURRENTLY i;\n';
    expect(parseMigration('/m/20260101000000_i.sql', '20260101000000_i.sql', text).noTransaction).toBe(true);
  });
});

describe('loadMigrations', () => {
  it('loads the shipped migrations in order', () => {
    const files = loadMigrations(MIGRATIONS_DIR);
    expect(files.length).toBeGreaterThan(5);
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
  });

  it('reports a missing folder as CONFIG', () => {
    expect(code(() => loadMigrations('/definitely/not/here'))).toMatch(/^CONFIG: migrations folder .* does not exist/);
  });

  it.each([
    [
      'a folder',
      (dir: string) => mkdirSync(join(dir, '20260101000001_sub.sql')),
      /^CONFIG: .*20260101000001_sub\.sql is a folder, not a migration file/,
    ],
    [
      'a symlink loop',
      (dir: string) => symlinkSync(join(dir, '20260101000001_b.sql'), join(dir, '20260101000001_b.sql')),
      /^CONFIG: .*20260101000001_b\.sql is a symbolic link loop/,
    ],
    [
      'a dangling symlink',
      (dir: string) => symlinkSync(join(dir, 'gone'), join(dir, '20260101000001_b.sql')),
      /^CONFIG: .*20260101000001_b\.sql is a symbolic link to nothing/,
    ],
  ])('reports %s in the folder as CONFIG naming it', (_what, make, pattern) => {
    const dir = mkdtempSync(join(tmpdir(), 'aegis-mig-'));
    writeFileSync(join(dir, '20260101000000_a.sql'), ok);
    make(dir);
    expect(code(() => loadMigrations(dir))).toMatch(pattern);
  });

  it('refuses two files with one timestamp', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aegis-mig-'));
    writeFileSync(join(dir, '20260101000000_a.sql'), ok);
    writeFileSync(join(dir, '20260101000000_b.sql'), ok);
    expect(code(() => loadMigrations(dir))).toMatch(/share the timestamp/);
  });
});

describe('planMigrations and checkIntegrity', () => {
  const files = ['a', 'b', 'c', 'd'].map((n, i) =>
    parseMigration(`/m/2026010100000${i}_${n}.sql`, `2026010100000${i}_${n}.sql`, ok.replace(/\bt\b/g, n)),
  );
  const applied = files.slice(0, 2).map((f) => ({ name: f.name, runOn: new Date(), checksum: f.checksum }));

  it('plans pending files for up, honouring --count and --to', () => {
    expect(planMigrations(files, applied, { direction: 'up' }).map((f) => f.name)).toEqual([files[2]!.name, files[3]!.name]);
    expect(planMigrations(files, applied, { direction: 'up', count: 1 })).toHaveLength(1);
    expect(planMigrations(files, applied, { direction: 'up', to: files[2]!.name })).toHaveLength(1);
  });

  it('plans applied files in reverse for down; --to keeps the target, 0 reverts all', () => {
    expect(planMigrations(files, applied, { direction: 'down' }).map((f) => f.name)).toEqual([files[1]!.name]);
    expect(planMigrations(files, applied, { direction: 'down', to: files[0]!.name }).map((f) => f.name)).toEqual([files[1]!.name]);
    expect(planMigrations(files, applied, { direction: 'down', to: '0' })).toHaveLength(2);
  });

  it('rejects an unknown to as a usage error', () => {
    expect(code(() => planMigrations(files, applied, { direction: 'up', to: 'nope' }))).toMatch(/^USAGE: to: "nope" names no migration/);
  });

  it('finds edited, missing and out-of-order files', () => {
    const edited = [
      { ...applied[0]!, checksum: 'x' },
      { name: 'gone', runOn: new Date(), checksum: 'y' },
      { name: files[2]!.name, runOn: new Date(), checksum: files[2]!.checksum },
    ];
    const report = checkIntegrity(files, edited);
    expect(report.modified).toEqual([files[0]!.name]);
    expect(report.missing).toEqual(['gone']);
    expect(report.outOfOrder).toEqual([files[1]!.name]);
  });

  it('counts a checksum recorded over the raw CRLF bytes as unchanged, listed for repair to re-record', () => {
    const recorded = [{ ...applied[0]!, checksum: files[0]!.legacyChecksums[0]! }, applied[1]!];
    const report = checkIntegrity(files, recorded);
    expect(report).toEqual({ modified: [], missing: [], outOfOrder: [], unverified: [], legacy: [files[0]!.name] });
  });
});

describe('code frames', () => {
  it('maps an offset to line and column and draws a caret', () => {
    const text = 'a\nselect strat_time\nfrom t';
    const { line, column } = lineColumn(text, text.indexOf('strat'));
    expect({ line, column }).toEqual({ line: 2, column: 8 });
    expect(codeFrame(text, line, column)).toContain('> 2 | select strat_time\n    |        ^');
  });
});
