import { AegisError, isAegisError, redact, type Logger } from '../index.js';
import { cliWording } from './options.js';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  color: boolean;
}

/** The flags that shape output; every command accepts them. */
export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/**
 * Everything the CLI writes goes through here: people get colour and prose, machines get JSON on stdout.
 * Nothing else in aegis-db writes to stdout or stderr (the lint rules hold every other module to it).
 */
export class Output {
  constructor(readonly options: OutputOptions) {}

  paint(colour: keyof typeof codes, text: string): string {
    return this.options.color ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text;
  }

  /** A line for people on stdout (suppressed by --json and --quiet). */
  line(text = ''): void {
    if (!this.options.json && !this.options.quiet) process.stdout.write(redact(text) + '\n');
  }

  /** A status line on stderr (suppressed by --quiet), e.g. which engine runs. */
  note(text: string): void {
    if (!this.options.quiet) process.stderr.write(this.paint('dim', redact(text)) + '\n');
  }

  warn(text: string): void {
    process.stderr.write(this.paint('yellow', `warning: ${redact(text)}`) + '\n');
  }

  json(value: unknown): void {
    if (this.options.json) process.stdout.write(redact(JSON.stringify(value, null, 2)) + '\n');
  }

  /** The command's product itself on stdout, verbatim, whatever --json and --quiet say: a dump, a snapshot, an export. */
  data(text: string): void {
    process.stdout.write(text);
  }

  /** Lines for people on stderr that go with a failure (a diff), shown even with --quiet. */
  detail(text: string): void {
    process.stderr.write(text + '\n');
  }

  /** The error as the CLI words it: an option the library names is named by its flag. */
  error(error: AegisError): void {
    const { message, hint: text } = cliWording(error);
    const hint = text ? ` — ${text}` : '';
    process.stderr.write(`${this.paint('red', 'error:')} ${redact(message)}${redact(hint)}\n`);
    if (error.detail) process.stderr.write(redact(error.detail) + '\n');
  }

  /** The stack of an unexpected error, for AEGIS_DEBUG=1. */
  stack(error: Error): void {
    // A stack carries the message and whatever a library put in it, a connection string included.
    process.stderr.write(`${redact(error.stack ?? error.message)}\n`);
  }

  /** Whether stderr is a terminal, where a progress bar can be redrawn in place. */
  get interactive(): boolean {
    return Boolean(process.stderr.isTTY);
  }

  /** Redraws the current stderr line (a progress bar); `done` ends the line. */
  redraw(text: string, done = false): void {
    process.stderr.write(`\r${text}\u001b[K${done ? '\n' : ''}`);
  }

  logger(): Logger {
    return {
      info: (message) => this.note(message),
      warn: (message) => this.warn(message),
      debug: (message) => {
        if (process.env.AEGIS_DEBUG) this.note(message);
      },
    };
  }
}

/** Run once per process, before anything is written. */
export function prepareStreams(): void {
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
}

/**
 * Resolves once everything written to stdout and stderr has reached the reader. A pipe takes 64 KiB before
 * writes queue in the process, and process.exit drops the queue: `aegis-db dump | gzip` would lose the rest.
 */
export function flushStreams(): Promise<void> {
  const flushed = (stream: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => {
      if (stream.destroyed || stream.writableEnded) return resolve();
      stream.write('', () => resolve());
    });
  return Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => undefined);
}

/** Output as the flags ask: colour only on a terminal, and never with --no-color or NO_COLOR. */
export function outputFor(flags: OutputFlags): Output {
  const color = flags.color !== false && !process.env.NO_COLOR && Boolean(process.stdout.isTTY);
  return new Output({ json: Boolean(flags.json), quiet: Boolean(flags.quiet), color });
}

export function toAegisError(error: unknown): AegisError {
  if (isAegisError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AegisError('INTERNAL', `unexpected error: ${message}`, {
    hint: 'set AEGIS_DEBUG=1 for the stack trace and report it',
    cause: error,
  });
}
