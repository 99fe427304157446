/**
 * The hazard classes `aegis-db migrate plan` reports, each with a stable id (what --allow-hazard and
 * `-- aegis:allow-hazard` name). Where squawk (run by `aegis-db lint`) has a rule for the same thing, the
 * plan uses squawk's name, so one id means one hazard in both; `lint` lists squawk's text-level rules
 * that guess at the same hazard the trace observes.
 */
export const HAZARD_RULES = {
  'lock-held-across-statements': {
    title: 'exclusive lock held across later statements',
    what: 'a lock that blocks writes (SHARE or stronger) on a populated table is taken and then held while the rest of the file runs',
    fix: 'move the statement into a file of its own, or last in its file, so the lock is released at once',
    lint: [],
  },
  'table-rewrite': {
    title: 'rewrite under an exclusive lock',
    what: 'a populated table or its indexes are rewritten (new relfilenode) while ACCESS EXCLUSIVE blocks all reads and writes',
    fix: 'add the column without a volatile default and backfill in batches; change a type through a new column; or accept a maintenance window',
    lint: ['changing-column-type', 'adding-field-with-default'],
  },
  'require-concurrent-index-creation': {
    title: 'blocking index build',
    what: 'an index is built on a populated table without CONCURRENTLY: writes are blocked for the whole build',
    fix: 'CREATE INDEX CONCURRENTLY in a file of its own declared -- aegis:no-transaction',
    lint: ['require-concurrent-index-creation'],
  },
  'constraint-missing-not-valid': {
    title: 'validating constraint scan',
    what: 'a CHECK or FOREIGN KEY constraint is added valid: every row is checked while the lock blocks writes',
    fix: 'ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later file (it takes a lock that lets reads and writes through)',
    lint: ['constraint-missing-not-valid', 'adding-foreign-key-constraint'],
  },
  'adding-not-nullable-field': {
    title: 'validating NOT NULL scan',
    what: 'SET NOT NULL scans every row of a populated table under ACCESS EXCLUSIVE',
    fix: 'first ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID and VALIDATE it; SET NOT NULL then skips the scan',
    lint: ['adding-not-nullable-field'],
  },
  'lock-without-timeout': {
    title: 'lock without a timeout',
    what: "a lock on a populated table is requested while lock_timeout is 0 (turned off in the file), so the runner's lock timeout does not apply and the request can queue behind a long transaction, blocking everyone behind it",
    fix: 'remove the statement that turns lock_timeout off, or SET LOCAL lock_timeout to a bound',
    lint: [],
  },
} as const satisfies Record<string, { title: string; what: string; fix: string; lint: readonly string[] }>;

export type HazardId = keyof typeof HAZARD_RULES;

export const HAZARD_IDS = Object.keys(HAZARD_RULES) as HazardId[];

export function isHazardId(text: string): text is HazardId {
  return Object.hasOwn(HAZARD_RULES, text);
}
