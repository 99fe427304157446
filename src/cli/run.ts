import { Command, CommanderError } from 'commander';
import { AegisError, exitCodeOf, type ErrorCode } from '../index.js';
import { flushStreams, outputFor, toAegisError, type Output, type OutputFlags } from './output.js';

/** A command's action: it returns when it succeeded and throws (an AegisError) when it did not. */
export type Handler = (command: Command) => Promise<void>;

/**
 * A failure the command has already shown in its own output (lint's findings, doctor's failed check, the
 * hazards of a plan): run() exits with its class's code and prints nothing more.
 */
export class ReportedFailure extends AegisError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
  }
}

let exitCode = 0;

/** Prints a failure (unless the command already did) and returns its exit code. */
function report(error: unknown, output: Output): number {
  const failure = toAegisError(error);
  if (!(failure instanceof ReportedFailure)) output.error(failure);
  if (process.env.AEGIS_DEBUG && error instanceof Error) output.stack(error);
  return exitCodeOf(failure.code);
}

/** Wraps a command's action: an error it throws becomes its output and the process's exit code. */
export function run(handler: Handler) {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    try {
      await handler(command);
    } catch (error) {
      exitCode = report(error, outputFor(command.optsWithGlobals<OutputFlags>()));
    }
  };
}

/**
 * Ctrl-C while `work` runs: the first aborts its signal (migrate stops the run; on a server the running
 * statement is cancelled and rolled back, the lock released, the interrupted file named, exit 130); a second
 * one quits at once.
 */
export async function interruptible<T>(output: Output, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      output.detail('interrupted again: quitting at once');
      process.exit(exitCodeOf('INTERRUPTED'));
    }
    output.warn('interrupted: stopping the migration run (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function silence(command: Command): void {
  command.exitOverride();
  command.configureOutput({ writeErr: () => {} });
  for (const sub of command.commands) silence(sub);
}

/**
 * Runs the program on `argv` and exits: the one place that turns errors into output and exit codes, and
 * the only process.exit. Usage errors (commander's, and a flag's parser throwing an AegisError) exit 2.
 */
export async function runProgram(program: Command, argv: string[]): Promise<never> {
  silence(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const done = error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      exitCode = done
        ? 0
        : report(
            new AegisError('USAGE', error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), { hint: 'see aegis-db --help' }),
            outputFor({}),
          );
    } else {
      exitCode = report(error, outputFor({}));
    }
  }
  // Pools, sockets and embedded engines are closed by now; exit promptly even if a library left a timer,
  // once the output has reached its reader.
  await flushStreams();
  process.exit(exitCode);
}
