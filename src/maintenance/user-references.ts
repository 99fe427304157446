import type pg from 'pg';

/** A column holding a users.id: every place personal data of a user can hang off. */
export interface UserReference {
  table: string;
  column: string;
}

// Partitions repeat their parent's foreign keys (conparentid <> 0); the parent names them once.
const USER_REFERENCES_SQL = `
SELECT cl.relname AS table, a.attname AS column
FROM pg_catalog.pg_constraint c
JOIN pg_catalog.pg_class cl ON cl.oid = c.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'f' AND c.confrelid = 'public.users'::regclass AND cardinality(c.conkey) = 1
  AND c.conparentid = 0 AND n.nspname = 'public'
ORDER BY cl.relname, a.attname`;

/** Every single-column foreign key to users in the public schema, read from the live catalog. */
export async function listUserReferences(client: pg.ClientBase): Promise<UserReference[]> {
  const { rows } = await client.query<UserReference>(USER_REFERENCES_SQL);
  return rows;
}
