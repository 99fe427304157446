import type pg from 'pg';
import type { DatabaseTarget } from '../database/target.js';
import { withMigratedClient } from '../migrations/require-migrated.js';
import { exportRows } from './export-rows.js';
import { findUserId } from './find-user.js';
import { listUserReferences } from './user-references.js';

export interface PrivacyExportOptions {
  target: DatabaseTarget;
  /** The user's email or id. */
  user: string;
  /** The migrations the database must have applied (default: the ones shipped with aegis-db); pending ones are refused. */
  migrationsDir?: string;
}

/** R-7 §9.1 (CCPA right to know): everything stored about one user, as one JSON document. */
export interface PrivacyExport {
  exportedAt: string;
  user: Record<string, unknown>;
  guardProfile: Record<string, unknown> | null;
  jobsAsCustomer: Record<string, unknown>[];
  jobsAsGuard: Record<string, unknown>[];
  jobStatusChanges: Record<string, unknown>[];
  paymentsAsPayer: Record<string, unknown>[];
  paymentsAsPayee: Record<string, unknown>[];
  locationHistory: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  /** Rows of tables added after this export was written, keyed "table.column", so nothing is ever missed. */
  other: Record<string, Record<string, unknown>[]>;
}

/** Credentials are not personal information to hand back; they would only widen the blast radius of the file. */
const OMIT: Record<string, readonly string[]> = {
  users: ['password_hash'],
  sessions: ['session_token', 'refresh_token'],
};

const SECTIONS: Record<string, keyof Omit<PrivacyExport, 'exportedAt' | 'user' | 'other' | 'guardProfile'>> = {
  'jobs.customer_id': 'jobsAsCustomer',
  'jobs.guard_id': 'jobsAsGuard',
  'job_status_history.changed_by': 'jobStatusChanges',
  'payments.payer_id': 'paymentsAsPayer',
  'payments.payee_id': 'paymentsAsPayee',
  'location_history.guard_id': 'locationHistory',
  'sessions.user_id': 'sessions',
};

/** Reads every row that references the user (found through the catalog's foreign keys) in one snapshot. */
export async function privacyExport(options: PrivacyExportOptions): Promise<PrivacyExport> {
  return withMigratedClient(
    options,
    { what: 'export a user from', why: 'the export reads every table of the schema' },
    (client) => privacyExportOn(client, options.user),
    { applicationName: 'aegis-db privacy export' },
  );
}

/** {@link privacyExport} on an open client. */
export async function privacyExportOn(client: pg.ClientBase, who: string): Promise<PrivacyExport> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const id = await findUserId(client, who);
  const [user] = await exportRows(client, 'users', 'id', id, OMIT.users);
  const result: PrivacyExport = {
    exportedAt: new Date().toISOString(),
    user: user!,
    guardProfile: null,
    jobsAsCustomer: [],
    jobsAsGuard: [],
    jobStatusChanges: [],
    paymentsAsPayer: [],
    paymentsAsPayee: [],
    locationHistory: [],
    sessions: [],
    other: {},
  };
  for (const ref of await listUserReferences(client)) {
    const key = `${ref.table}.${ref.column}`;
    const rows = await exportRows(client, ref.table, ref.column, id, OMIT[ref.table] ?? []);
    const section = SECTIONS[key];
    if (key === 'guard_profiles.user_id') result.guardProfile = rows[0] ?? null;
    else if (section) result[section] = rows;
    else result.other[key] = rows;
  }
  await client.query('COMMIT');
  return result;
}
