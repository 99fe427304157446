/** One problem `aegis-db lint` found in a migration file. */
export interface LintViolation {
  /** The file as given (relative to the working directory when inside it). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  rule: string;
  message: string;
  help?: string | undefined;
  /** squawk's rules, or aegis-db's own. */
  source: 'squawk' | 'aegis-db';
}
