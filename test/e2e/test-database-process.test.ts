import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** createTestDatabase() as a plain Node program (node:test, a script) uses it: in a process of its own. */

const TESTING = join(import.meta.dirname, '..', '..', 'dist', 'testing', 'index.js');

function runNode(source: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // Far beyond any start: a process still running then is one that would never exit.
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

describe('createTestDatabase() in a process of its own', () => {
  it('two embedded test databases opened and closed in turn: the process then exits by itself', async () => {
    const result = await runNode(`
      import { createTestDatabase } from ${JSON.stringify(TESTING)};
      const first = await createTestDatabase();
      const { rows: [a] } = await first.query("SELECT count(*)::int AS users FROM users");
      await first.close();
      const second = await createTestDatabase();
      const { rows: [b] } = await second.query("SELECT count(*)::int AS users FROM users");
      await second.close();
      console.log(JSON.stringify({ a, b }));
    `);
    expect(result.signal, result.stderr).toBeNull();
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ a: { users: 0 }, b: { users: 0 } });
  }, 150_000);
});
