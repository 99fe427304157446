import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';
import { parseQueryFile } from './parse-query-file.js';

/** The named queries in the package's `sql/` folder: R-7's service queries, parameterized. */
export const NAMED_QUERIES = [
  'nearest-available-guards',
  'match-guards-for-job',
  'guard-active-jobs',
  'customer-payment-history',
  'guard-pending-payouts',
  'daily-reconciliation',
  'job-location-trail',
] as const;

export type NamedQuery = (typeof NAMED_QUERIES)[number];

const cache = new Map<NamedQuery, string>();

/**
 * The SQL text of a named query with positional parameters (`$1` is the first `@param` of its header), ready
 * for `pool.query(namedQuery(name), params)`. The typed functions of `aegis-db/queries` are the typed way.
 */
export function namedQuery(name: NamedQuery): string {
  let text = cache.get(name);
  if (text === undefined) {
    const file = `sql/${name}.sql`;
    text = parseQueryFile(name, file, readFileSync(join(packageRoot(), file), 'utf8')).sql;
    cache.set(name, text);
  }
  return text;
}
