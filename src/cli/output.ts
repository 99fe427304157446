import { AegisError, isAegisError } from '../errors/aegis-error.js';
import { redact } from '../config/redact.js';
import type { Logger } from '../logger.js';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  color: boolean;
}

const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** Everything the CLI writes goes through here: people get colour and prose, machines get JSON on stdout. */
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

  error(error: AegisError): void {
    const hint = error.hint ? ` — ${error.hint}` : '';
    process.stderr.write(`${this.paint('red', 'error:')} ${redact(error.message)}${redact(hint)}\n`);
    if (error.detail) process.stderr.write(redact(error.detail) + '\n');
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

export function toAegisError(error: unknown): AegisError {
  if (isAegisError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AegisError('INTERNAL', `unexpected error: ${message}`, {
    hint: 'set AEGIS_DEBUG=1 for the stack trace and report it',
    cause: error,
  });
}
