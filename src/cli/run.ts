import type { Command } from 'commander';
import { outputFor, type GlobalFlags } from './context.js';
import { toAegisError } from './output.js';
import { AegisError } from '../errors/aegis-error.js';
import { exitCodeOf } from '../errors/exit-codes.js';

/** The exit code a command returns: 0 for success, or an ERROR_CLASSES exit code. */
export type Handler = (command: Command) => Promise<number | void>;

/**
 * The one place that turns results and errors into output and exit codes. Every command's action goes
 * through it; nothing else calls process.exit.
 */
export function run(handler: Handler) {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    let code: number;
    try {
      code = (await handler(command)) ?? 0;
    } catch (error) {
      const failure = toAegisError(error);
      outputFor(command.optsWithGlobals<GlobalFlags>()).error(failure);
      if (process.env.AEGIS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      code = exitCodeOf(failure.code);
    }
    process.exitCode = code;
    // Pools, sockets and embedded engines are closed by now; exit promptly even if a library left a timer.
    setImmediate(() => process.exit(code));
  };
}

export function exitWithUsageError(message: string, hint: string): never {
  const failure = new AegisError('USAGE', message, { hint });
  outputFor({}).error(failure);
  process.exit(exitCodeOf('USAGE'));
}
