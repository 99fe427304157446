import type pg from 'pg';

/** Schemas whose relations are never traced: the catalogs, temporary schemas and the runner's bookkeeping. */
const OURS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'aegis_meta') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`;

export interface SnapshotRelation {
  oid: number;
  schema: string;
  name: string;
  /** pg_class.relkind */
  kind: string;
  relfilenode: number;
  /** For an index: its table. */
  table: number | null;
  /** For a partition: its parent. */
  parent: number | null;
}

export interface SnapshotConstraint {
  oid: number;
  name: string;
  /** pg_constraint.contype */
  type: string;
  relation: number;
  references: number | null;
  validated: boolean;
  /** CHECK constraints only: the definition (to see whether a valid `IS NOT NULL` check spares SET NOT NULL its scan). */
  definition: string | null;
}

/** What one session sees of the user schema at one moment: enough to tell what a statement changed. */
export interface CatalogSnapshot {
  relations: Map<number, SnapshotRelation>;
  /**
   * `mode` names (AccessExclusiveLock, …) per relation oid, held by this session: catalogs and relations
   * dropped meanwhile included (a DROP's lock outlives its relation), told apart by the caller.
   */
  locks: Map<number, Set<string>>;
  /** `oid:column` of every column of a table, true when NOT NULL. */
  columns: Map<string, boolean>;
  constraints: Map<number, SnapshotConstraint>;
  /** Every enum label, as `schema.type` NUL `label`. */
  enumValues: Set<string>;
  lockTimeout: string;
}

/**
 * One round trip; oids as int8, which JSON carries as numbers (an oid it carries as a string). It reads only catalogs and pg_locks, never a user relation (pg_relation_size and the
 * like would lock it and show up as the next statement's lock).
 */
const SNAPSHOT_SQL = `
WITH rel AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.relfilenode, i.indrelid, inh.inhparent
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
    LEFT JOIN pg_catalog.pg_inherits inh ON inh.inhrelid = c.oid AND c.relispartition
   WHERE ${OURS} AND c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S', 'f', 'v')
)
SELECT
  (SELECT coalesce(json_agg(json_build_array(oid::int8, nspname, relname, relkind, relfilenode::int8, indrelid::int8, inhparent::int8)), '[]') FROM rel) AS relations,
  (SELECT coalesce(json_agg(json_build_array(l.relation::int8, l.mode)), '[]') FROM pg_catalog.pg_locks l
    WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted
      AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())) AS locks,
  (SELECT coalesce(json_agg(json_build_array(a.attrelid || ':' || a.attname, a.attnotnull)), '[]') FROM pg_catalog.pg_attribute a
    WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid IN (SELECT oid FROM rel WHERE relkind IN ('r', 'p'))) AS columns,
  (SELECT coalesce(json_agg(json_build_array(c.oid::int8, c.conname, c.contype, c.conrelid::int8, nullif(c.confrelid, 0)::int8, c.convalidated,
                                             CASE WHEN c.contype = 'c' THEN pg_catalog.pg_get_constraintdef(c.oid) END)), '[]')
     FROM pg_catalog.pg_constraint c WHERE c.conrelid IN (SELECT oid FROM rel) AND c.contype IN ('c', 'f', 'p', 'u', 'x')) AS constraints,
  (SELECT coalesce(json_agg(json_build_array(n.nspname, t.typname, e.enumlabel)), '[]') FROM pg_catalog.pg_enum e
     JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE ${OURS}) AS enum_values,
  pg_catalog.current_setting('lock_timeout') AS lock_timeout`;

type Row = {
  relations: [number, string, string, string, number, number | null, number | null][];
  locks: [number, string][];
  columns: [string, boolean][];
  constraints: [number, string, string, number, number | null, boolean, string | null][];
  enum_values: [string, string, string][];
  lock_timeout: string;
};

export async function readCatalogSnapshot(client: pg.ClientBase): Promise<CatalogSnapshot> {
  const { rows } = await client.query<Row>(SNAPSHOT_SQL);
  const row = rows[0]!;
  const locks = new Map<number, Set<string>>();
  for (const [oid, mode] of row.locks) locks.set(oid, (locks.get(oid) ?? new Set()).add(mode));
  return {
    relations: new Map(
      row.relations.map(([oid, schema, name, kind, relfilenode, table, parent]) => [
        oid,
        { oid, schema, name, kind, relfilenode, table, parent },
      ]),
    ),
    locks,
    columns: new Map(row.columns),
    constraints: new Map(
      row.constraints.map(([oid, name, type, relation, references, validated, definition]) => [
        oid,
        { oid, name, type, relation, references, validated, definition },
      ]),
    ),
    enumValues: new Set(row.enum_values.map(([schema, type, label]) => `${qualified(schema, type)}\u0000${label}`)),
    lockTimeout: row.lock_timeout,
  };
}

/** How the report names a relation or type: bare in public, schema-qualified elsewhere. */
export function qualified(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}
