import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';

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

/** The SQL text of a named query, ready for `pool.query(namedQuery(name), params)`. Each file documents its parameters. */
export function namedQuery(name: NamedQuery): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(packageRoot(), 'sql', `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}
