import type pg from 'pg';
import type { DatabaseTarget } from '../database/target.js';
import { withMigratedClient } from '../migrations/require-migrated.js';
import { AegisError } from '../errors/aegis-error.js';
import { findUserId } from './find-user.js';

export interface PrivacyForgetOptions {
  target: DatabaseTarget;
  /** The user's email or id. */
  user: string;
  /** The migrations the database must have applied (default: the ones shipped with aegis-db); pending ones are refused. */
  migrationsDir?: string;
  /** Report what would be removed; change nothing. */
  dryRun?: boolean;
}

export interface PrivacyForgetResult {
  userId: string;
  dryRun: boolean;
  /** The unique placeholder that replaced the email. */
  placeholderEmail: string;
  sessionsDeleted: number;
  locationPointsDeleted: number;
  guardProfileAnonymized: boolean;
  /** Financial records kept unchanged (they reference the user by id only). */
  jobsKept: number;
  paymentsKept: number;
}

const ACTIVE_JOB_STATUSES = ['requested', 'matched', 'in_progress'];

/**
 * R-7 §9.1 (CCPA right to delete): anonymizes the user's personal data, deletes their sessions and location
 * history and soft-deletes the account, in one transaction. Jobs and payments stay intact: they are
 * financial records the business must keep, and they point at the now-anonymous account by id only.
 * Refuses while the user has an active job (requested, matched or in progress).
 */
export async function privacyForget(options: PrivacyForgetOptions): Promise<PrivacyForgetResult> {
  return withMigratedClient(
    options,
    { what: 'forget a user in', why: 'forgetting touches every table of the schema' },
    (client) => privacyForgetOn(client, options),
    { applicationName: 'aegis-db privacy forget', settings: { lock_timeout: '5s', statement_timeout: '5min' } },
  );
}

/** {@link privacyForget} on an open client. */
export async function privacyForgetOn(client: pg.ClientBase, options: Omit<PrivacyForgetOptions, 'target'>): Promise<PrivacyForgetResult> {
  try {
    await client.query('BEGIN');
    const id = await findUserId(client, options.user, { lock: true });
    const { rows: active } = await client.query<{ id: string; status: string }>(
      'SELECT id, status FROM jobs WHERE (customer_id = $1 OR guard_id = $1) AND status = ANY($2::job_status[]) ORDER BY created_at',
      [id, ACTIVE_JOB_STATUSES],
    );
    if (active.length > 0) {
      throw new AegisError(
        'REFUSED',
        `user ${options.user} has ${active.length} active job(s) (${active.map((job) => `${job.id} ${job.status}`).join(', ')}); nothing was changed`,
        {
          hint: 'complete or cancel the active jobs first, then run privacy forget again',
        },
      );
    }
    const placeholderEmail = `forgotten-${id}@anonymized.invalid`;
    const count = async (sql: string) => Number((await client.query<{ n: string }>(sql, [id])).rows[0]!.n);
    const result: PrivacyForgetResult = {
      userId: id,
      dryRun: Boolean(options.dryRun),
      placeholderEmail,
      sessionsDeleted: await count('SELECT count(*) AS n FROM sessions WHERE user_id = $1'),
      locationPointsDeleted: await count('SELECT count(*) AS n FROM location_history WHERE guard_id = $1'),
      guardProfileAnonymized: (await count('SELECT count(*) AS n FROM guard_profiles WHERE user_id = $1')) > 0,
      jobsKept: await count('SELECT count(*) AS n FROM jobs WHERE customer_id = $1 OR guard_id = $1'),
      paymentsKept: await count('SELECT count(*) AS n FROM payments WHERE payer_id = $1 OR payee_id = $1'),
    };
    if (options.dryRun) {
      await client.query('ROLLBACK');
      return result;
    }
    await client.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    await client.query('DELETE FROM location_history WHERE guard_id = $1', [id]);
    // '!' is never a valid bcrypt hash, so the account can no longer sign in.
    await client.query(
      `UPDATE users SET
         email = $2, password_hash = '!', phone = NULL, phone_verified_at = NULL,
         first_name = 'Forgotten', last_name = 'User', status = 'inactive',
         email_verified_at = NULL, identity_verified_at = NULL, background_check_status = NULL,
         profile_photo_url = NULL, bio = NULL, metadata = '{}', last_login_at = NULL,
         deleted_at = coalesce(deleted_at, now())
       WHERE id = $1`,
      [id, placeholderEmail],
    );
    // The licence number identifies a person; a per-user placeholder keeps (license_number, license_state) unique.
    await client.query(
      `UPDATE guard_profiles SET
         license_number = 'FORGOTTEN-' || replace($1::text, '-', ''), license_verified_at = NULL,
         skills = '[]', certifications = '[]', availability_status = 'offline', available_from = NULL, available_until = NULL,
         current_location = NULL, location_updated_at = NULL,
         background_check_report_url = NULL, background_check_completed_at = NULL, metadata = '{}'
       WHERE user_id = $1`,
      [id],
    );
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
