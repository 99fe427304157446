import type pg from 'pg';
import { AegisError } from '../errors/aegis-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the user named by `who`, an id or an email (matched case-insensitively; emails are stored
 * lower-case). `lock` takes the row lock that privacy forget holds for its whole transaction.
 */
export async function findUserId(client: pg.ClientBase, who: string, options: { lock?: boolean } = {}): Promise<string> {
  const ref = who.trim();
  if (!ref) throw new AegisError('USAGE', 'name a user by email or id', { hint: 'e.g. aegis-db privacy export jane@example.com' });
  const byId = UUID.test(ref);
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM users WHERE ${byId ? 'id = $1::uuid' : 'email = lower($1)'}${options.lock ? ' FOR UPDATE' : ''}`,
    [ref],
  );
  if (rows.length === 0) {
    throw new AegisError('NOT_FOUND', `no user with ${byId ? 'id' : 'email'} ${ref}`, {
      hint: byId ? 'check the id (users.id)' : 'check the spelling, or pass the user id instead',
    });
  }
  return rows[0]!.id;
}
