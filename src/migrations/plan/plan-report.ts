import type { AegisError } from '../../errors/aegis-error.js';
import type { HazardId } from './hazard-rules.js';

export type TraceOn = 'embedded' | 'server';

/** A lock mode as PostgreSQL's documentation names it, e.g. ACCESS EXCLUSIVE. */
export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

export interface LockTaken {
  /** `name` in public, `schema.name` elsewhere. */
  relation: string;
  /** table, partitioned table, index, sequence, view, materialized view, foreign table. */
  kind: string;
  mode: LockMode;
  /** Created earlier in the same file: nothing else can be using it yet. */
  createdInFile: boolean;
  /** false when the statement ran outside a transaction and the lock is the one PostgreSQL documents for it. */
  observed: boolean;
  /** For an index or a partition: the table it belongs to (a partition's root). */
  table?: string;
}

export interface RelationChange {
  relation: string;
  kind: string;
  createdInFile: boolean;
}

export interface IndexBuilt {
  index: string;
  table: string;
  concurrently: boolean;
  createdInFile: boolean;
}

export interface ConstraintAdded {
  name: string;
  table: string;
  type: 'check' | 'foreign key' | 'primary key' | 'unique' | 'exclusion';
  /** Added NOT VALID: existing rows are not checked now. */
  notValid: boolean;
  references?: string;
  createdInFile: boolean;
}

export interface NotNullSet {
  table: string;
  column: string;
  createdInFile: boolean;
  /** A valid CHECK (column IS NOT NULL) existed, so PostgreSQL skipped the scan. */
  provenByCheck: boolean;
}

export interface TracedStatement {
  /** Migration name (file name without .sql). */
  file: string;
  /** 1-based line of the statement's first line in the file. */
  line: number;
  /** The statement's first line (comments before it skipped). */
  firstLine: string;
  /** On the copy (empty tables): how long the statement itself took, not how long it will take on the target. */
  durationMs: number;
  inTransaction: boolean;
  /** Locks this statement took on relations that existed before it. */
  locks: LockTaken[];
  /** Tables and indexes given a new relfilenode. */
  rewrites: RelationChange[];
  indexesBuilt: IndexBuilt[];
  constraintsAdded: ConstraintAdded[];
  notNullSet: NotNullSet[];
  enumValuesAdded: { type: string; value: string }[];
  /** lock_timeout in effect when the statement started. */
  lockTimeout: string;
}

export interface RelationSize {
  /** Estimated rows (pg_class.reltuples, partitions summed); null when never analyzed. */
  rows: number | null;
  /** pg_total_relation_size (partitions summed). */
  bytes: number;
}

export interface Finding {
  id: HazardId;
  /** hazard: on a populated table of the target; notice: the same on a table the target has but that is empty. */
  level: 'hazard' | 'notice';
  file: string;
  line: number;
  statement: string;
  /** The table it hits (a partition or index is reported as its table). */
  relation: string;
  size: RelationSize;
  message: string;
  /** Set when --allow-hazard or an inline `-- aegis:allow-hazard` allows it. */
  allowed?: { by: 'flag' | 'inline'; reason?: string };
}

export interface MigrationPlan {
  /** Where the statements ran: a throwaway copy of the target's schema. */
  traceOn: TraceOn;
  /** The target is marked aegis.environment = 'production'. */
  production: boolean;
  /** Pending migrations traced, in run order. */
  pending: string[];
  statements: TracedStatement[];
  findings: Finding[];
  /**
   * Objects whose definition in the target differs from what its applied migrations give (hand-made changes):
   * the trace ran on the migrations' schema, so findings on them may be off.
   */
  drift: string[];
  /** A statement failed on the copy: the statements before it are traced; the real run would fail the same way. */
  error?: AegisError;
}

/** Hazards that stop `migrate up`: not allowed, on populated tables. */
export function blockingFindings(plan: Pick<MigrationPlan, 'findings'>): Finding[] {
  return plan.findings.filter((finding) => finding.level === 'hazard' && !finding.allowed);
}
