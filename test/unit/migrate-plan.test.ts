import { describe, expect, it } from 'vitest';
import { applyAllows, checkAllowFlags, parseInlineAllows } from '../../src/migrations/plan/allow-hazards.js';
import type { CatalogSnapshot, SnapshotRelation } from '../../src/migrations/plan/catalog-snapshot.js';
import { classifyFindings } from '../../src/migrations/plan/classify-findings.js';
import { describeSize } from '../../src/migrations/plan/describe-size.js';
import { HAZARD_IDS, HAZARD_RULES } from '../../src/migrations/plan/hazard-rules.js';
import type { Finding, MigrationPlan } from '../../src/migrations/plan/plan-report.js';
import { renderPlanMarkdown, renderPlanTable } from '../../src/migrations/plan/render-plan.js';
import { statementChanges } from '../../src/migrations/plan/statement-changes.js';
import { sizeKey } from '../../src/migrations/plan/target-sizes.js';
import type { StatementTrace } from '../../src/migrations/plan/trace-files.js';

const rel = (
  oid: number,
  name: string,
  kind = 'r',
  relfilenode = oid,
  table: number | null = null,
  parent: number | null = null,
): [number, SnapshotRelation] => [oid, { oid, schema: 'public', name, kind, relfilenode, table, parent }];

function snapshot(parts: Partial<CatalogSnapshot> = {}): CatalogSnapshot {
  return {
    relations: new Map(),
    locks: new Map(),
    columns: new Map(),
    constraints: new Map(),
    enumValues: new Set(),
    lockTimeout: '10s',
    ...parts,
  };
}

describe('statement changes from two catalog snapshots', () => {
  const orders = rel(10, 'orders');
  const pkey = rel(11, 'orders_pkey', 'i', 11, 10);
  const before = snapshot({ relations: new Map([orders, pkey]), columns: new Map([['10:customer_id', false]]) });

  it('a new relfilenode is a rewrite, locks are attributed to the table, a partition to its root', () => {
    const after = snapshot({
      relations: new Map([rel(10, 'orders', 'r', 99), rel(11, 'orders_pkey', 'i', 98, 10)]),
      locks: new Map([
        [10, new Set(['AccessExclusiveLock'])],
        [11, new Set(['AccessExclusiveLock'])],
      ]),
      columns: before.columns,
    });
    const { report, events } = statementChanges(before, before, after, { inTransaction: true, concurrently: false });
    expect(report.rewrites.map((r) => r.relation).sort()).toEqual(['orders', 'orders_pkey']);
    expect(report.locks).toEqual([
      { relation: 'orders', kind: 'table', mode: 'ACCESS EXCLUSIVE', createdInFile: false, observed: true },
      { relation: 'orders_pkey', kind: 'index', mode: 'ACCESS EXCLUSIVE', createdInFile: false, observed: true, table: 'orders' },
    ]);
    expect(new Set(events.map((e) => e.root.name))).toEqual(new Set(['orders']));
  });

  it('an index dropped and made again under its name (ALTER COLUMN TYPE) is a rebuild, not a new index', () => {
    const after = snapshot({ relations: new Map([orders, rel(12, 'orders_pkey', 'i', 12, 10)]), columns: before.columns });
    const { report } = statementChanges(before, before, after, { inTransaction: true, concurrently: false });
    expect(report.indexesBuilt).toEqual([]);
    expect(report.rewrites).toEqual([{ relation: 'orders_pkey', kind: 'index', createdInFile: false }]);
  });

  it('SET NOT NULL proven by a valid IS NOT NULL check is marked as scanning nothing', () => {
    const check = {
      oid: 50,
      name: 'c',
      type: 'c',
      relation: 10,
      references: null,
      validated: true,
      definition: 'CHECK ((customer_id IS NOT NULL))',
    };
    const start = snapshot({ ...before, constraints: new Map([[50, check]]) });
    const after = snapshot({ relations: before.relations, columns: new Map([['10:customer_id', true]]), constraints: start.constraints });
    expect(statementChanges(start, start, after, { inTransaction: true, concurrently: false }).report.notNullSet).toEqual([
      { table: 'orders', column: 'customer_id', createdInFile: false, provenByCheck: true },
    ]);
  });

  it('outside a transaction, CREATE INDEX CONCURRENTLY is given its documented lock', () => {
    const after = snapshot({ relations: new Map([orders, pkey, rel(13, 'orders_amount_idx', 'i', 13, 10)]), columns: before.columns });
    const { report } = statementChanges(before, before, after, { inTransaction: false, concurrently: true });
    expect(report.locks).toEqual([
      { relation: 'orders', kind: 'table', mode: 'SHARE UPDATE EXCLUSIVE', createdInFile: false, observed: false },
    ]);
    expect(report.indexesBuilt).toEqual([{ index: 'orders_amount_idx', table: 'orders', concurrently: true, createdInFile: false }]);
  });

  it('labels added to an existing enum are reported, a new enum type is not', () => {
    const start = snapshot({ enumValues: new Set(['status\u0000open']) });
    const after = snapshot({ enumValues: new Set(['status\u0000open', 'status\u0000closed', 'kind\u0000a']) });
    expect(statementChanges(start, start, after, { inTransaction: true, concurrently: false }).report.enumValuesAdded).toEqual([
      { type: 'status', value: 'closed' },
    ]);
  });
});

describe('classification', () => {
  const trace = (
    file: string,
    index: number,
    fileStatements: number,
    events: StatementTrace['events'],
    withoutLockTimeout = false,
  ): StatementTrace => ({
    statement: {
      file,
      line: index + 2,
      firstLine: 'ALTER TABLE t …',
      durationMs: 1,
      inTransaction: true,
      locks: [],
      rewrites: [],
      indexesBuilt: [],
      constraintsAdded: [],
      notNullSet: [],
      enumValuesAdded: [],
      lockTimeout: '10s',
    },
    events,
    withoutLockTimeout,
    index,
    fileStatements,
  });
  const root = (name: string, createdInFile = false) => ({ schema: 'public', name, createdInFile });
  const sizes = new Map([
    [sizeKey(root('big')), { rows: 2_100_000, bytes: 480 * 1024 ** 2, populated: true }],
    [sizeKey(root('empty')), { rows: 0, bytes: 16384, populated: false }],
  ]);

  it('is a hazard on a populated table, a notice on an empty one, nothing on a new one or one the target lacks', () => {
    const findings = classifyFindings(
      [
        trace('a', 0, 1, [{ type: 'rewrite', root: root('big'), relation: 'big', concurrently: false }]),
        trace('b', 0, 1, [{ type: 'rewrite', root: root('empty'), relation: 'empty', concurrently: false }]),
        trace('c', 0, 1, [{ type: 'rewrite', root: root('big', true), relation: 'big', concurrently: false }]),
        trace('d', 0, 1, [{ type: 'rewrite', root: root('elsewhere'), relation: 'elsewhere', concurrently: false }]),
      ],
      sizes,
    );
    expect(findings.map((f) => [f.file, f.level, f.message])).toEqual([
      ['a', 'hazard', 'rewrites big (2.1M rows, 480 MB) under ACCESS EXCLUSIVE'],
      ['b', 'notice', 'rewrites empty (0 rows, 16 kB) under ACCESS EXCLUSIVE'],
    ]);
  });

  it('a blocking lock followed by more statements of the file is held across them; the last statement holds nothing past itself', () => {
    const lock = { type: 'lock' as const, mode: 'ACCESS EXCLUSIVE' as const, root: root('big'), observed: true };
    expect(classifyFindings([trace('a', 0, 3, [lock]), trace('a', 1, 3, []), trace('a', 2, 3, [])], sizes).map((f) => f.message)).toEqual([
      'ACCESS EXCLUSIVE on big (2.1M rows, 480 MB) held across 2 later statements (2.0 ms on the empty copy)',
    ]);
    expect(classifyFindings([trace('a', 0, 1, [lock])], sizes)).toEqual([]);
    expect(classifyFindings([trace('a', 0, 1, [lock], true)], sizes).map((f) => f.id)).toEqual(['lock-without-timeout']);
  });
});

describe('allowing hazards', () => {
  it('parses inline allows with their reason and reports malformed ones', () => {
    const text =
      '-- Up Migration\n-- aegis:allow-hazard table-rewrite, lock-held-across-statements -- tiny table\n-- aegis:allow-hazard table-rewrite\nSELECT 1;\n-- Down Migration\n-- aegis:allow-hazard nothing here counts\nSELECT 1;\n';
    const { allows, problems } = parseInlineAllows(text);
    expect(allows).toEqual([
      { id: 'table-rewrite', reason: 'tiny table', line: 2 },
      { id: 'lock-held-across-statements', reason: 'tiny table', line: 2 },
    ]);
    expect(problems.map((p) => p.line)).toEqual([3]);
  });

  it('checks flag ids and marks what flags and inline allows allow', () => {
    expect(() => checkAllowFlags(['table-rewrite', 'nope'])).toThrow(/^allowHazards: "nope": not a hazard id/);
    const finding = (id: Finding['id'], file: string): Finding => ({
      id,
      level: 'hazard',
      file,
      line: 2,
      statement: '',
      relation: 't',
      size: { rows: 1, bytes: 1 },
      message: '',
    });
    const marked = applyAllows(
      [finding('table-rewrite', 'a'), finding('lock-held-across-statements', 'a'), finding('lock-held-across-statements', 'b')],
      ['table-rewrite'],
      new Map([['a', [{ id: 'lock-held-across-statements', reason: 'why', line: 1 }]]]),
    );
    expect(marked.map((f) => f.allowed)).toEqual([{ by: 'flag' }, { by: 'inline', reason: 'why' }, undefined]);
  });

  it('every hazard id is documented in the README', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const id of HAZARD_IDS) expect(readme).toContain(`| \`${id}\` | ${HAZARD_RULES[id].title} |`);
  });
});

describe('rendering', () => {
  const plan: MigrationPlan = {
    traceOn: 'embedded',
    production: true,
    pending: ['20260101000000_x'],
    statements: [
      {
        file: '20260101000000_x',
        line: 2,
        firstLine: 'ALTER TABLE big ALTER COLUMN a TYPE bigint',
        durationMs: 3.14,
        inTransaction: true,
        locks: [{ relation: 'big', kind: 'table', mode: 'ACCESS EXCLUSIVE', createdInFile: false, observed: true }],
        rewrites: [{ relation: 'big', kind: 'table', createdInFile: false }],
        indexesBuilt: [],
        constraintsAdded: [],
        notNullSet: [],
        enumValuesAdded: [],
        lockTimeout: '10s',
      },
    ],
    findings: [
      {
        id: 'table-rewrite',
        level: 'hazard',
        file: '20260101000000_x',
        line: 2,
        statement: 'ALTER TABLE big …',
        relation: 'big',
        size: { rows: 2_100_000, bytes: 480 * 1024 ** 2 },
        message: 'rewrites big (2.1M rows, 480 MB) under ACCESS EXCLUSIVE',
      },
    ],
    drift: [],
  };

  it('markdown: summary, hazards table, statements folded', () => {
    expect(renderPlanMarkdown(plan)).toBe(
      [
        '### aegis-db migrate plan',
        '',
        '1 hazard in 1 pending migration (1 statement traced on the embedded engine).',
        '',
        'The target is marked **production**: `migrate up` refuses the hazards that are not allowed.',
        '',
        '| | id | where | finding |',
        '|---|---|---|---|',
        '| ❌ hazard | `table-rewrite` | `20260101000000_x.sql:2` | rewrites big (2.1M rows, 480 MB) under ACCESS EXCLUSIVE |',
        '',
        '<details><summary>1 statement: locks on existing relations, rewrites, indexes, constraints</summary>',
        '',
        '| where | statement | ms | locks | changes |',
        '|---|---|---:|---|---|',
        '| `20260101000000_x.sql:2` | `ALTER TABLE big ALTER COLUMN a TYPE bigint` | 3.1 | ACCESS EXCLUSIVE on big | rewrite: big |',
        '',
        "Durations are on an empty copy of the schema; sizes are the target's catalog statistics.",
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('table: a row per statement, then the findings and the summary', () => {
    expect(renderPlanTable(plan).split('\n')).toEqual([
      '20260101000000_x.sql',
      '   line       ms  statement                                         locks / changes',
      '      2      3.1  ALTER TABLE big ALTER COLUMN a TYPE bigint        ACCESS EXCLUSIVE on big | rewrite: big',
      '',
      '✘ hazard  table-rewrite  20260101000000_x.sql:2  rewrites big (2.1M rows, 480 MB) under ACCESS EXCLUSIVE',
      '',
      '1 hazard in 1 pending migration (1 statement traced on the embedded engine).',
    ]);
  });

  it('sizes read like a person would say them', () => {
    expect(describeSize({ rows: 2_100_000, bytes: 480 * 1024 ** 2 })).toBe('2.1M rows, 480 MB');
    expect(describeSize({ rows: 1000, bytes: 131072 })).toBe('1,000 rows, 128 kB');
    expect(describeSize({ rows: null, bytes: 8192 })).toBe('rows unknown (never analyzed), 8 kB');
    expect(describeSize({ rows: 0, bytes: 0 })).toBe('0 rows, 0 B');
  });
});
