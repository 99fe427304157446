import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { serverUrl } from '../helpers/engines.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';

const root = join(import.meta.dirname, '..', '..');
// Asynchronous, so the worker keeps answering the test runner during the minute npm takes.
const run = async (file: string, args: string[], cwd: string) =>
  (await promisify(execFile)(file, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 24 })).stdout;

describe('aegis-db types', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(serverUrl ? { url: serverUrl } : {});
  });
  afterAll(async () => {
    await db?.close();
  });

  it('--check passes against a freshly migrated database', async () => {
    const r = await runCli(['types', '--check'], { env: { DATABASE_URL: db.url } });
    expect(r.stderr).not.toMatch(/error:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Generated types are up to date/);
  });

  it('--check exits 7 with a readable diff when a committed file is stale', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aegis-types-'));
    cpSync(join(root, 'src', 'generated'), out, { recursive: true });
    const types = join(out, 'types.ts');
    writeFileSync(
      types,
      readFileSync(types, 'utf8').replace(
        "export type UserRole = 'customer' | 'guard' | 'admin';",
        "export type UserRole = 'customer' | 'guard';",
      ),
    );
    const r = await runCli(['types', '--check', '--out', out], { env: { DATABASE_URL: db.url } });
    expect(r.code).toBe(7);
    expect(r.stderr).toContain("- export type UserRole = 'customer' | 'guard';");
    expect(r.stderr).toContain("+ export type UserRole = 'customer' | 'guard' | 'admin';");
    expect(r.stderr).toMatch(/error: generated types are stale: .*types\.ts — run `aegis-db types`/);
  });

  it('writes both files into --out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aegis-types-'));
    const r = await runCli(['types', '--out', out, '--json'], { env: { DATABASE_URL: db.url } });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { tables: number; written: string[] };
    expect(report.tables).toBe(7);
    expect(readFileSync(join(out, 'schemas.ts'), 'utf8')).toBe(readFileSync(join(root, 'src', 'generated', 'schemas.ts'), 'utf8'));
  });

  it('refuses (exit 9) a database without migrations, saying what to do', async () => {
    const r = await runCli(['types', '--memory', '--check']);
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/error: this database has no aegis-db schema.*run `aegis-db migrate`/);
  });
});

describe('a service consuming the packed package', () => {
  // npm test builds dist/ before the tests run, so packing skips `prepare` (a second full build).
  it('compiles under strict with aegis-db/types, /schemas and /pg; wrong labels and missing fields do not', async () => {
    const work = mkdtempSync(join(tmpdir(), 'aegis-consumer-'));
    const packed = (await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], root))
      .trim()
      .split('\n')
      .at(-1)!;
    const contents = await run('tar', ['-tzf', join(work, packed)], work);
    for (const file of [
      'dist/index.js',
      'dist/cli/main.js',
      'dist/generated/types.d.ts',
      'dist/generated/schemas.js',
      'dist/pg-types/index.js',
    ])
      expect(contents).toContain(`package/${file}`);
    // dist/ mirrors src/: nothing compiled from outside src/ is shipped.
    expect(contents).not.toMatch(/package\/dist\/(src|seeds|test|bench)\//);
    const app = join(work, 'app');
    mkdirSync(join(app, 'src'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        include: ['src'],
      }),
    );
    writeFileSync(
      join(app, 'src', 'service.ts'),
      `import type { Job, JobInsert, JobStatus, PublicUser } from 'aegis-db/types';
import { JOB_STATUSES } from 'aegis-db/types';
import { jobSchema, jobInsertSchema, tableSchemas } from 'aegis-db/schemas';
import { registerAegisTypes, toGeographyParam } from 'aegis-db/pg';

export const statuses: readonly JobStatus[] = JOB_STATUSES;
export function title(job: Job): string { return job.title; }
export function where(job: Job): [number, number] { return job.location_coordinates.coordinates; }
export const parseJob = (row: unknown): Job => jobSchema.parse(row);
export const parseInsert = (input: unknown): JobInsert => tableSchemas.jobs.insert.parse(input) && jobInsertSchema.parse(input);
export const register = registerAegisTypes;
export const param = toGeographyParam({ type: 'Point', coordinates: [0, 0] });
// @ts-expect-error a label that is not in job_status
export const wrong: JobStatus = 'done';
// @ts-expect-error required insert fields (customer_id, title, …) are missing
export const incomplete: JobInsert = { job_type: 'patrol' };
// @ts-expect-error password_hash is never part of a public user
export const leak = (user: PublicUser) => user.password_hash;
`,
    );
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--ignore-scripts',
        join(work, packed),
        `typescript@${JSON.parse(readFileSync(join(root, 'node_modules', 'typescript', 'package.json'), 'utf8')).version}`,
        '@types/pg',
        '@types/node',
      ],
      app,
    );
    await run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', app], app);
    // Every export resolves at runtime, and the installed bin runs.
    const entries = Object.keys(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports,
    ).filter((entry) => entry !== './package.json');
    const script = entries.map((entry) => `await import(${JSON.stringify(join('aegis-db', entry))});`).join(' ');
    await run(process.execPath, ['--input-type=module', '-e', script], app);
    expect((await run(join(app, 'node_modules', '.bin', 'aegis-db'), ['--version'], app)).trim()).toBe(
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
    );
    // The ts-expect-error lines are proven by compiling: an unused one would be an error too.
  });
});
