import { ENVIRONMENT, ERROR_CLASSES, type EnvironmentVariable } from '../index.js';

const plain = (text: string) => text.replaceAll('`', '');

/** The end of `aegis-db --help`: the exit codes and the environment, rendered from their one table each. */
export function exitCodesAndEnvironment(): string {
  const codes = Object.values(ERROR_CLASSES).map(
    (error) => `  ${String(error.exitCode).padEnd(3)} ${error.name}: ${plain(error.examples)}`,
  );
  const variables = (Object.keys(ENVIRONMENT) as EnvironmentVariable[]).filter((name) => !('testsOnly' in ENVIRONMENT[name]));
  const width = Math.max(...variables.map((name) => name.length));
  const environment = variables.map((name) => {
    const variable = ENVIRONMENT[name];
    const fallback = variable.shown ?? variable.default;
    return `  ${name.padEnd(width)}  ${plain(variable.meaning)}${fallback ? ` (default ${plain(fallback)})` : ''}`;
  });
  return [
    '',
    'Exit codes:',
    '  0   success',
    ...codes,
    '',
    'Environment (durations: 500ms, 30s, 2min or milliseconds):',
    ...environment,
  ].join('\n');
}
