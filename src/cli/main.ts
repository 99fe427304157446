import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { exitWithUsageError } from './run.js';

// A reader that went away (aegis-db … | head) ends the output, not the command: it finishes with its own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// pg's multi-line notice about sslmode aliases would come before every line of ours; the URL is the user's choice.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (/^SECURITY WARNING: The SSL modes/.test(text)) return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

const program = buildProgram();
program.exitOverride();
program.configureOutput({ writeErr: () => {} });
for (const command of program.commands) {
  command.exitOverride();
  command.configureOutput({ writeErr: () => {} });
  for (const sub of command.commands) {
    sub.exitOverride();
    sub.configureOutput({ writeErr: () => {} });
  }
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') process.exit(0);
    exitWithUsageError(error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), 'see aegis-db --help');
  }
  throw error;
}
