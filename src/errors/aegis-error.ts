import type { ErrorCode } from './exit-codes.js';

export interface AegisErrorOptions {
  /** What to do about it, shown after the message. */
  hint?: string;
  /** Extra lines shown under the message (e.g. a code frame). */
  detail?: string;
  cause?: unknown;
}

/** The one error type the library throws on purpose. The CLI turns it into output and an exit code. */
export class AegisError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, options: AegisErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AegisError';
    this.code = code;
    this.hint = options.hint;
    this.detail = options.detail;
  }
}

export function isAegisError(error: unknown): error is AegisError {
  return error instanceof AegisError;
}
