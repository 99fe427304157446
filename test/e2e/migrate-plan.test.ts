import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { serverUrl } from '../helpers/engines.js';
import { prepareHazardTarget } from '../helpers/hazard-migrations.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';

const errorLine = (stderr: string) => stderr.split('\n').find((line) => line.startsWith('error:')) ?? '';

// The scratch database of --trace-on server keeps these runs quick; the embedded trace is covered by the
// integration suite and by .ci/run.
describe.skipIf(!serverUrl)('aegis-db migrate plan (server)', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase({ url: serverUrl! });
    dir = await prepareHazardTarget(db.url);
  });
  afterAll(async () => {
    await db?.close();
  });
  const cli = (args: string[]) => runCli(['--migrations-dir', dir, ...args], { env: { DATABASE_URL: db.url } });

  it('--format markdown prints a pull-request comment and exits 12 on hazards not allowed', async () => {
    const result = await cli(['migrate', 'plan', '--trace-on', 'server', '--format', 'markdown']);
    expect(result.code).toBe(12);
    expect(result.stdout).toContain(
      '### aegis-db migrate plan\n\n5 hazards (+1 allowed), 2 notices in 11 pending migrations (14 statements traced on a scratch database on the server).',
    );
    expect(result.stdout).toContain(
      '| ❌ hazard | `require-concurrent-index-creation` | `20270101000400_index.sql:2` | builds plan_orders_status_idx on plan_orders (10k rows,',
    );
  });

  it('--json gives the whole plan; allowing every hazard exits 0', async () => {
    const all = ['table-rewrite', 'require-concurrent-index-creation', 'constraint-missing-not-valid', 'adding-not-nullable-field'];
    const result = await cli(['--json', 'migrate', 'plan', '--trace-on', 'server', '--allow-hazard', all.join(',')]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.pending).toHaveLength(11);
    expect(plan.findings.filter((f: { allowed?: unknown; level: string }) => f.level === 'hazard' && !f.allowed)).toEqual([]);
  });

  it('an unknown hazard id is a usage error', async () => {
    const result = await cli(['migrate', 'plan', '--allow-hazard', 'table-rewrites']);
    expect(result.code).toBe(2);
    expect(errorLine(result.stderr)).toMatch(
      /^error: --allow-hazard table-rewrites: not a hazard id — use one of: lock-held-across-statements, /,
    );
  });

  it('migrate up refuses a production-marked database with exit 12 and applies nothing', async () => {
    const { rows } = await db.query('SELECT current_database() AS name');
    await db.query(`ALTER DATABASE ${rows[0].name} SET aegis.environment = 'production'`);
    const result = await cli(['migrate', 'up', '--trace-on', 'server']);
    expect(result.code).toBe(12);
    expect(errorLine(result.stderr)).toMatch(
      /^error: refusing to migrate: 5 hazard\(s\) not allowed and the database is marked production; nothing was applied/,
    );
    expect(result.stderr).toContain('table-rewrite  20270101000200_volatile_default.sql:2  rewrites plan_orders');
    const status = await cli(['--json', 'migrate', 'status']);
    expect(JSON.parse(status.stdout).pending).toHaveLength(11);
  });

  it('the shipped migrations on an empty database: no hazards; --trace-on server refuses the server-wide role changes', async () => {
    const empty = await createTestDatabase({ url: serverUrl!, migrate: false });
    try {
      const refused = await runCli(['migrate', 'plan', '--trace-on', 'server'], { env: { DATABASE_URL: empty.url } });
      expect(refused.code).toBe(9);
      expect(errorLine(refused.stderr)).toMatch(
        /^error: 20261122001100_roles_and_grants\.sql runs CREATE ROLE, which a scratch database on the target's server would apply to the whole server/,
      );
      const result = await runCli(['migrate', 'plan', '--trace-on', 'server', '--count', '10'], { env: { DATABASE_URL: empty.url } });
      expect(result.code).toBe(0);
      expect(result.stdout.trim().split('\n').at(-1)).toMatch(
        /^0 hazards in 10 pending migrations \(\d+ statements traced on a scratch database on the server\)\.$/,
      );
    } finally {
      await empty.close();
    }
  });
});
