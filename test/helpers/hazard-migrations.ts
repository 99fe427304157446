import pg from 'pg';
import { migrationsCopy } from './migrations-copy.js';
import { migrate } from '../../src/migrations/migrate.js';
import { databaseTarget } from '../../src/database/target.js';

/** Applied to the target before the plan: the tables the hazard migrations hit. */
export const BASE_MIGRATION = '20270101000100_plan_base';

const up = (sql: string, down: string, header = '') => `${header}-- Up Migration\n${sql}\n\n-- Down Migration\n${down}\n`;

/** Seeded migrations, each showing one thing the trace sees; the shipped migrations come before them. */
export const HAZARD_MIGRATIONS: Record<string, string> = {
  [`${BASE_MIGRATION}.sql`]: up(
    `CREATE TYPE plan_status AS ENUM ('open', 'closed');
CREATE TABLE plan_customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE plan_orders (id bigint PRIMARY KEY, customer_id bigint, amount integer NOT NULL, status plan_status NOT NULL DEFAULT 'open');
CREATE TABLE plan_empty (id bigint PRIMARY KEY, note text);`,
    'DROP TABLE plan_empty;\nDROP TABLE plan_orders;\nDROP TABLE plan_customers;\nDROP TYPE plan_status;',
  ),
  '20270101000200_volatile_default.sql': up(
    'ALTER TABLE plan_orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT clock_timestamp();',
    'ALTER TABLE plan_orders DROP COLUMN created_at;',
  ),
  '20270101000300_column_type.sql': up(
    'ALTER TABLE plan_orders ALTER COLUMN amount TYPE bigint;',
    'ALTER TABLE plan_orders ALTER COLUMN amount TYPE integer;',
  ),
  '20270101000400_index.sql': up('CREATE INDEX plan_orders_status_idx ON plan_orders (status);', 'DROP INDEX plan_orders_status_idx;'),
  '20270101000500_foreign_key.sql': up(
    'ALTER TABLE plan_orders ADD CONSTRAINT plan_orders_customer_fk FOREIGN KEY (customer_id) REFERENCES plan_customers (id);',
    'ALTER TABLE plan_orders DROP CONSTRAINT plan_orders_customer_fk;',
  ),
  '20270101000600_set_not_null.sql': up(
    'ALTER TABLE plan_orders ALTER COLUMN customer_id SET NOT NULL;',
    'ALTER TABLE plan_orders ALTER COLUMN customer_id DROP NOT NULL;',
  ),
  '20270101000700_enum_value.sql': up("ALTER TYPE plan_status ADD VALUE 'refunded';", "SELECT 'enum labels cannot be dropped';"),
  '20270101000800_new_table.sql': up(
    `CREATE TABLE plan_notes (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES plan_notes (id),
  body text NOT NULL
);
CREATE INDEX plan_notes_order_id_idx ON plan_notes (order_id);`,
    'DROP TABLE plan_notes;',
  ),
  '20270101000900_held_lock.sql': up(
    `-- aegis:allow-hazard lock-held-across-statements -- the update matches no row
ALTER TABLE plan_customers ADD COLUMN nickname text;
UPDATE plan_customers SET nickname = email WHERE id < 0;`,
    'ALTER TABLE plan_customers DROP COLUMN nickname;',
  ),
  '20270101001000_no_lock_timeout.sql': up(
    'SET LOCAL lock_timeout = 0;\nALTER TABLE plan_empty ADD COLUMN extra text;',
    'ALTER TABLE plan_empty DROP COLUMN extra;',
  ),
  '20270101001100_empty_rewrite.sql': up(
    'ALTER TABLE plan_empty ADD COLUMN stamped_at timestamptz DEFAULT clock_timestamp();',
    'ALTER TABLE plan_empty DROP COLUMN stamped_at;',
  ),
  '20270101001200_concurrent_index.sql': up(
    'CREATE INDEX CONCURRENTLY plan_orders_amount_idx ON plan_orders (amount);',
    'DROP INDEX CONCURRENTLY plan_orders_amount_idx;',
    '-- aegis:no-transaction\n',
  ),
};

export const ORDERS = 10_000;
export const CUSTOMERS = 1_000;

/**
 * A migrations folder (shipped + seeded) and, on the database at `url` (migrated with the shipped ones),
 * the base migration applied and its tables filled to a known size and analyzed.
 */
export async function prepareHazardTarget(url: string): Promise<string> {
  const dir = migrationsCopy(HAZARD_MIGRATIONS);
  const result = await migrate({ target: databaseTarget(url), migrationsDir: dir, direction: 'up', to: BASE_MIGRATION });
  if (result.error) throw result.error;
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(`INSERT INTO plan_customers SELECT g, 'c' || g || '@example.test' FROM generate_series(1, ${CUSTOMERS}) g`);
    await client.query(
      `INSERT INTO plan_orders (id, customer_id, amount) SELECT g, 1 + g % ${CUSTOMERS}, g FROM generate_series(1, ${ORDERS}) g`,
    );
    await client.query('ANALYZE plan_customers');
    await client.query('ANALYZE plan_orders');
    await client.query('ANALYZE plan_empty');
  } finally {
    await client.end();
  }
  return dir;
}
