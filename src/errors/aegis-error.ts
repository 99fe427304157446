import type { ErrorCode } from './exit-codes.js';
import { inLibraryTerms, wordOptions, type OptionWording } from './option.js';

/** The message and hint as written, each option() still marked in them. */
export interface AegisErrorText {
  message: string;
  hint: string | undefined;
}

export interface AegisErrorOptions {
  /** What to do about it, shown after the message. */
  hint?: string;
  /** Extra lines shown under the message (e.g. a code frame). */
  detail?: string;
  cause?: unknown;
}

/**
 * The one error type the library throws on purpose. The CLI turns it into output and an exit code.
 * An option named with option() reads in the library's terms in `message` and `hint`; `worded` names it
 * otherwise (the CLI by its flag), and `text` keeps it marked for an error that wraps this one.
 */
export class AegisError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly detail: string | undefined;
  readonly text: AegisErrorText;

  constructor(code: ErrorCode, message: string, options: AegisErrorOptions = {}) {
    super(wordOptions(message, inLibraryTerms), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AegisError';
    this.code = code;
    this.text = { message, hint: options.hint };
    this.hint = options.hint === undefined ? undefined : wordOptions(options.hint, inLibraryTerms);
    this.detail = options.detail;
  }

  /** The message and hint with each option named by `wording`. */
  worded(wording: OptionWording): AegisErrorText {
    return {
      message: wordOptions(this.text.message, wording),
      hint: this.text.hint === undefined ? undefined : wordOptions(this.text.hint, wording),
    };
  }
}

export function isAegisError(error: unknown): error is AegisError {
  return error instanceof AegisError;
}
