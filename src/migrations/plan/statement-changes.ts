import type { CatalogSnapshot, SnapshotRelation } from './catalog-snapshot.js';
import { qualified } from './catalog-snapshot.js';
import type { ConstraintAdded, IndexBuilt, LockMode, LockTaken, NotNullSet, RelationChange, TracedStatement } from './plan-report.js';

const KINDS: Record<string, string> = {
  r: 'table',
  p: 'partitioned table',
  i: 'index',
  I: 'partitioned index',
  m: 'materialized view',
  S: 'sequence',
  f: 'foreign table',
  v: 'view',
};

const MODES: Record<string, LockMode> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};

/** Modes that block writes (SHARE and stronger); ACCESS EXCLUSIVE blocks reads too. */
export const BLOCKING_MODES: ReadonlySet<LockMode> = new Set(['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);

const CONSTRAINT_TYPES: Record<string, ConstraintAdded['type']> = {
  c: 'check',
  f: 'foreign key',
  p: 'primary key',
  u: 'unique',
  x: 'exclusion',
};

/** The table a change lands on, for weighing: an index's table, a partition's root. */
export interface RootTable {
  schema: string;
  name: string;
  /** Created earlier in the same file (or by this statement's own file before it). */
  createdInFile: boolean;
}

/** What classification needs of one change, beside what the report shows. */
export type TraceEvent =
  | { type: 'lock'; mode: LockMode; root: RootTable; observed: boolean }
  | { type: 'rewrite'; root: RootTable; relation: string; concurrently: boolean }
  | { type: 'index'; root: RootTable; index: string; concurrently: boolean }
  | { type: 'constraint'; root: RootTable; constraint: ConstraintAdded }
  | { type: 'not-null'; root: RootTable; column: string; provenByCheck: boolean };

export interface StatementChanges {
  report: Omit<TracedStatement, 'file' | 'line' | 'firstLine' | 'durationMs' | 'inTransaction' | 'lockTimeout'>;
  events: TraceEvent[];
}

const NOT_NULL_CHECK = /^CHECK \(\((.+) IS NOT NULL\)\)$/;

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replace(/""/g, '"') : identifier;
}

/**
 * What one statement did, from the catalog before and after it: locks it took on relations that existed
 * before it, rewrites, index builds, constraints, NOT NULL columns, enum labels.
 */
export function statementChanges(
  fileStart: CatalogSnapshot,
  before: CatalogSnapshot,
  after: CatalogSnapshot,
  options: { inTransaction: boolean; concurrently: boolean },
): StatementChanges {
  const relation = (oid: number): SnapshotRelation | undefined => before.relations.get(oid) ?? after.relations.get(oid);
  const createdInFile = (oid: number) => !fileStart.relations.has(oid);
  const name = (rel: SnapshotRelation) => qualified(rel.schema, rel.name);
  const rootOf = (oid: number): RootTable => {
    let rel = relation(oid)!;
    if (rel.table !== null && relation(rel.table)) rel = relation(rel.table)!;
    for (let depth = 0; rel.parent !== null && relation(rel.parent) && depth < 32; depth += 1) rel = relation(rel.parent)!;
    return { schema: rel.schema, name: rel.name, createdInFile: createdInFile(rel.oid) };
  };
  const events: TraceEvent[] = [];
  const locks: LockTaken[] = [];
  const rewrites: RelationChange[] = [];
  const indexesBuilt: IndexBuilt[] = [];
  const constraintsAdded: ConstraintAdded[] = [];
  const notNullSet: NotNullSet[] = [];

  const lock = (oid: number, mode: LockMode, observed: boolean) => {
    const rel = relation(oid)!;
    if (locks.some((taken) => taken.relation === name(rel) && taken.mode === mode)) return;
    const root = rootOf(oid);
    const table = qualified(root.schema, root.name);
    locks.push({
      relation: name(rel),
      kind: KINDS[rel.kind] ?? rel.kind,
      mode,
      createdInFile: createdInFile(oid),
      observed,
      ...(table !== name(rel) ? { table } : {}),
    });
    events.push({ type: 'lock', mode, root, observed });
  };
  for (const [oid, modes] of after.locks) {
    if (!before.relations.has(oid)) continue;
    for (const mode of modes) if (!before.locks.get(oid)?.has(mode) && MODES[mode]) lock(oid, MODES[mode]!, true);
  }

  // An index or constraint dropped and made again under the same name (ALTER COLUMN TYPE does that) is a rebuild, not a new one.
  const indexNames = new Map(
    [...before.relations.values()].filter((rel) => rel.kind === 'i' || rel.kind === 'I').map((rel) => [name(rel), rel]),
  );
  for (const [oid, rel] of before.relations) {
    const now = after.relations.get(oid);
    const rebuilt =
      !now &&
      (rel.kind === 'i' || rel.kind === 'I') &&
      [...after.relations.values()].some((other) => other.oid !== oid && name(other) === name(rel) && other.table === rel.table);
    const changed = now && now.relfilenode !== 0 && rel.relfilenode !== 0 && now.relfilenode !== rel.relfilenode && rel.kind !== 'S';
    if (changed || rebuilt) {
      rewrites.push({ relation: name(rel), kind: KINDS[rel.kind] ?? rel.kind, createdInFile: createdInFile(oid) });
      events.push({
        type: 'rewrite',
        root: rootOf(oid),
        relation: name(rel),
        concurrently: options.concurrently && !options.inTransaction,
      });
    }
    if (!now && !options.inTransaction && options.concurrently && (rel.kind === 'i' || rel.kind === 'I') && rel.table !== null && !rebuilt)
      lock(rel.table, 'SHARE UPDATE EXCLUSIVE', false);
    if (changed && !options.inTransaction)
      lock(
        rel.kind === 'i' && rel.table !== null ? rel.table : oid,
        options.concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE',
        false,
      );
  }
  for (const [oid, rel] of after.relations) {
    if (before.relations.has(oid) || (rel.kind !== 'i' && rel.kind !== 'I') || rel.table === null || !before.relations.has(rel.table))
      continue;
    const previous = indexNames.get(name(rel));
    if (previous && !after.relations.has(previous.oid)) continue;
    const table = before.relations.get(rel.table)!;
    indexesBuilt.push({
      index: name(rel),
      table: name(table),
      concurrently: options.concurrently,
      createdInFile: createdInFile(table.oid),
    });
    events.push({ type: 'index', root: rootOf(table.oid), index: name(rel), concurrently: options.concurrently });
    if (!options.inTransaction) lock(table.oid, options.concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', false);
  }

  const constraintNames = new Set([...before.constraints.values()].map((c) => `${c.relation}:${c.name}`));
  for (const [oid, c] of after.constraints) {
    if (before.constraints.has(oid) || !before.relations.has(c.relation) || constraintNames.has(`${c.relation}:${c.name}`)) continue;
    const table = before.relations.get(c.relation)!;
    const referenced = c.references !== null ? relation(c.references) : undefined;
    const added: ConstraintAdded = {
      name: c.name,
      table: name(table),
      type: CONSTRAINT_TYPES[c.type]!,
      notValid: !c.validated,
      ...(referenced ? { references: name(referenced) } : {}),
      createdInFile: createdInFile(table.oid),
    };
    constraintsAdded.push(added);
    events.push({ type: 'constraint', root: rootOf(table.oid), constraint: added });
  }

  for (const [key, notNull] of after.columns) {
    if (!notNull || before.columns.get(key) !== false) continue;
    const split = key.indexOf(':');
    const oid = Number(key.slice(0, split));
    const column = key.slice(split + 1);
    const table = before.relations.get(oid);
    if (!table) continue;
    const provenByCheck = [...before.constraints.values()].some((c) => {
      const match = c.relation === oid && c.type === 'c' && c.validated ? NOT_NULL_CHECK.exec(c.definition ?? '') : null;
      return match !== null && unquote(match[1]!) === column;
    });
    notNullSet.push({ table: name(table), column, createdInFile: createdInFile(oid), provenByCheck });
    events.push({ type: 'not-null', root: rootOf(oid), column, provenByCheck });
  }

  const typeOf = (key: string) => key.slice(0, key.indexOf('\u0000'));
  const enumsBefore = new Set([...before.enumValues].map(typeOf));
  const enumValuesAdded = [...after.enumValues]
    .filter((key) => !before.enumValues.has(key) && enumsBefore.has(typeOf(key)))
    .map((key) => {
      const [type, value] = key.split('\u0000') as [string, string];
      return { type, value };
    });
  return { report: { locks, rewrites, indexesBuilt, constraintsAdded, notNullSet, enumValuesAdded }, events };
}
