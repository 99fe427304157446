import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** bcrypt cost for seeded accounts (R-7 §6.4 uses 10). */
export const SEED_BCRYPT_COST = 10;

/**
 * A bcrypt hash of a seeded account's password whose salt is derived from the seed and the email
 * instead of drawn at random, so the same seed gives byte-identical rows. That makes the salt
 * predictable, which is acceptable only because the password is the public demo password:
 * never use this for real accounts.
 */
export function seededPasswordHash(password: string, seed: number, email: string): string {
  const digest = createHash('sha256').update(`aegis-db seed salt\u0000${seed}\u0000${email}`).digest();
  const salt = `$2b$${String(SEED_BCRYPT_COST).padStart(2, '0')}$${bcrypt.encodeBase64([...digest.subarray(0, 16)], 16)}`;
  return bcrypt.hashSync(password, salt);
}
