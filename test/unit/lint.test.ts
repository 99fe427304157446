import { mkdtempSync, readdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOwnRules, lintMigrations } from '../../src/lint/lint-migrations.js';
import { concurrentIndexName } from '../../src/migrations/drop-invalid-index.js';

const MIGRATIONS = join(import.meta.dirname, '..', '..', 'migrations');
const rules = (name: string, text: string) => checkOwnRules(name, name, text).map((v) => v.rule);

describe('own lint rules', () => {
  it('accept a well-formed migration', () => {
    expect(rules('20260101000000_add_x.sql', '-- Up Migration\nCREATE TABLE x (id int);\n-- Down Migration\nDROP TABLE x;\n')).toEqual([]);
  });

  it('flag a bad file name, a missing or empty Down section', () => {
    expect(rules('add_x.sql', '-- Up Migration\nSELECT 1;\n-- Down Migration\nSELECT 1;\n')).toEqual(['file-name']);
    expect(rules('20260101000000_x.sql', '-- Up Migration\nSELECT 1;\n')).toEqual(['down-section']);
    expect(rules('20260101000000_x.sql', '-- Up Migration\nSELECT 1;\n-- Down Migration\n-- nothing\n')).toEqual(['down-section']);
  });

  it('allow one statement per section in a no-transaction file, pointing at the second', () => {
    const text =
      '-- aegis:no-transaction\n-- Up Migration\nCREATE INDEX CONCURRENTLY a ON t (x);\nCREATE INDEX CONCURRENTLY b ON t (y);\n-- Down Migration\nDROP INDEX CONCURRENTLY a;\n';
    const found = checkOwnRules('f.sql', '20260101000000_x.sql', text);
    expect(found.map((v) => [v.rule, v.line])).toEqual([['no-transaction-one-statement', 4]]);
  });

  it('require rule names and a reason on every squawk ignore', () => {
    const base = (comment: string) =>
      rules('20260101000000_x.sql', `-- Up Migration\n${comment}\nSELECT 1;\n-- Down Migration\nSELECT 1;\n`);
    expect(base('-- squawk-ignore prefer-text-field -- R-7 fixes the length')).toEqual([]);
    expect(base('-- squawk-ignore-file prefer-text-field, prefer-bigint-over-int -- contract')).toEqual([]);
    expect(base('-- squawk-ignore prefer-text-field')).toEqual(['ignore-needs-reason']);
    expect(base('-- squawk-ignore-file')).toEqual(['ignore-needs-reason']);
    expect(base('-- squawk-ignore prefer-text-field --')).toEqual(['ignore-needs-reason']);
  });

  it('require a known hazard id and a reason on every aegis:allow-hazard', () => {
    const base = (comment: string) =>
      rules('20260101000000_x.sql', `-- Up Migration\n${comment}\nSELECT 1;\n-- Down Migration\nSELECT 1;\n`);
    expect(base('-- aegis:allow-hazard table-rewrite -- the table is tiny')).toEqual([]);
    expect(base('-- aegis:allow-hazard table-rewrite')).toEqual(['allow-hazard-needs-reason']);
    expect(base('-- aegis:allow-hazard table-rewrites -- typo')).toEqual(['allow-hazard-needs-reason']);
  });
});

function withExtra(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-lint-'));
  for (const file of readdirSync(MIGRATIONS)) copyFileSync(join(MIGRATIONS, file), join(dir, file));
  writeFileSync(join(dir, name), text);
  return dir;
}

describe('lintMigrations (squawk + own rules)', () => {
  it('passes every shipped migration', async () => {
    const result = await lintMigrations({ migrationsDir: MIGRATIONS });
    expect(result.violations).toEqual([]);
    expect(result.files.length).toBeGreaterThan(5);
  });

  it('catches a non-concurrent index on an existing table, with file and line', async () => {
    const dir = withExtra(
      '20991231000000_index_users_phone.sql',
      '-- Up Migration\nCREATE INDEX idx_users_phone ON users (phone);\n-- Down Migration\nDROP INDEX idx_users_phone;\n',
    );
    const result = await lintMigrations({ migrationsDir: dir });
    expect(result.violations.map((v) => [v.file.endsWith('20991231000000_index_users_phone.sql'), v.rule, v.line])).toEqual([
      [true, 'require-concurrent-index-creation', 2],
    ]);
  });

  it('honours a squawk ignore with a reason, and rejects one without', async () => {
    const ignored =
      '-- Up Migration\n-- squawk-ignore require-concurrent-index-creation -- users is empty at this point in every environment\nCREATE INDEX idx_users_phone ON users (phone);\n-- Down Migration\nDROP INDEX idx_users_phone;\n';
    const withReason = await lintMigrations({
      migrationsDir: MIGRATIONS,
      files: [join(withExtra('20991231000000_a.sql', ignored), '20991231000000_a.sql')],
    });
    expect(withReason.violations).toEqual([]);
    const bare = ignored.replace(/ -- users is empty.*\n/, '\n');
    const without = await lintMigrations({
      migrationsDir: MIGRATIONS,
      files: [join(withExtra('20991231000000_a.sql', bare), '20991231000000_a.sql')],
    });
    expect(without.violations.map((v) => v.rule)).toEqual(['ignore-needs-reason']);
  });

  it('tells squawk a no-transaction file runs outside a transaction (CONCURRENTLY is fine, a non-robust statement is not)', async () => {
    const text =
      '-- aegis:no-transaction\n-- Up Migration\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_phone ON users (phone);\n-- Down Migration\nDROP INDEX CONCURRENTLY IF EXISTS idx_users_phone;\n';
    const ok = await lintMigrations({
      migrationsDir: MIGRATIONS,
      files: [join(withExtra('20991231000000_a.sql', text), '20991231000000_a.sql')],
    });
    expect(ok.violations).toEqual([]);
    const fragile = text.replace('IF NOT EXISTS ', '');
    const bad = await lintMigrations({
      migrationsDir: MIGRATIONS,
      files: [join(withExtra('20991231000000_a.sql', fragile), '20991231000000_a.sql')],
    });
    expect(bad.violations.map((v) => v.rule)).toContain('prefer-robust-stmts');
  });
});

describe('concurrentIndexName', () => {
  it('finds the index a CREATE INDEX CONCURRENTLY statement creates', () => {
    expect(concurrentIndexName('\n-- why\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_a ON t (x);\n')).toBe('idx_a');
    expect(concurrentIndexName('create unique index concurrently public."Odd Name" on t (x)')).toBe('public."Odd Name"');
    expect(concurrentIndexName('CREATE INDEX idx_a ON t (x)')).toBeUndefined();
    expect(concurrentIndexName("ALTER TYPE job_status ADD VALUE IF NOT EXISTS 'x'")).toBeUndefined();
  });
});

describe('one set of migration-file rules', () => {
  it('the loader refuses with the first fatal rule lint reports, in the same words', async () => {
    const { parseMigration } = await import('../../src/migrations/load-migrations.js');
    const cases: [string, string][] = [
      ['add_x.sql', '-- Up Migration\nSELECT 1;\n-- Down Migration\nSELECT 1;\n'],
      ['20260101000000_x.sql', '-- Up Migration\nSELECT 1;\n'],
      ['20260101000000_x.sql', '-- Up Migration\nSELECT 1;\n-- Down Migration\n-- nothing\n'],
      ['20260101000000_x.sql', '-- Down Migration\nSELECT 1;\n-- Up Migration\nSELECT 1;\n'],
      ['20260101000000_x.sql', '-- aegis:no-transaction\n-- Up Migration\nSELECT 1; SELECT 2;\n-- Down Migration\nSELECT 1;\n'],
    ];
    for (const [name, text] of cases) {
      const first = checkOwnRules(name, name, text)[0]!;
      expect(() => parseMigration(`/m/${name}`, name, text)).toThrow(first.message);
    }
  });
});
