import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, shownDefault, type EnvironmentVariable } from '../../src/config/environment.js';
import { parseDuration } from '../../src/config/config.js';
import { ERROR_CLASSES } from '../../src/errors/exit-codes.js';
import { DEFAULT_IDLE_TRANSACTION_TIMEOUT_MS } from '../../src/database/embedded.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README agrees with the tables in the code', () => {
  it('Exit codes: one row per ERROR_CLASSES entry, in order', () => {
    const rows = Object.values(ERROR_CLASSES).map((error) => `| ${error.exitCode} | ${error.name} | ${error.examples} |`);
    expect(readme).toContain(['| code | class | examples |', '|---|---|---|', '| 0 | success | |', ...rows].join('\n'));
  });

  it('Environment: one row per variable read, with its default', () => {
    const rows = (Object.keys(ENVIRONMENT) as EnvironmentVariable[]).map(
      (name) => `| \`${name}\` | ${ENVIRONMENT[name].meaning} | ${shownDefault(name)} |`,
    );
    expect(readme).toContain(['| variable | meaning | default |', '|---|---|---|', ...rows].join('\n'));
  });

  it("the idle-transaction default is the embedded engine's", () => {
    expect(parseDuration(ENVIRONMENT.AEGIS_IDLE_TRANSACTION_TIMEOUT.default, 'AEGIS_IDLE_TRANSACTION_TIMEOUT')).toBe(
      DEFAULT_IDLE_TRANSACTION_TIMEOUT_MS,
    );
  });
});
