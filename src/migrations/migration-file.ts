/** One SQL migration file, parsed. */
export interface MigrationFile {
  /** File name without `.sql`: the id recorded in the migrations table. */
  name: string;
  path: string;
  /** The 14-digit UTC timestamp prefix. */
  timestamp: string;
  up: SqlSection;
  down: SqlSection;
  /** Declared with `-- aegis:no-transaction`: runs outside a transaction, one statement only. */
  noTransaction: boolean;
  /** sha256 of the whole file with its line endings normalized to LF (and no byte-order mark), hex. */
  checksum: string;
  /**
   * Recorded checksums that also count as this file unchanged: the sha256 of its raw bytes and of its
   * CRLF form, as recorded before checksums were normalized (a file applied from a Windows checkout).
   */
  legacyChecksums: string[];
}

export interface SqlSection {
  sql: string;
  /** Character offset of `sql` in the file, to map server error positions back to file lines. */
  offset: number;
}

export const MIGRATION_NAME = /^(\d{14})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql$/;
export const NO_TRANSACTION_HEADER = /^--\s*aegis:no-transaction\b/m;
export const UP_MARKER = /^\s*--\s*Up Migration\s*$/im;
export const DOWN_MARKER = /^\s*--\s*Down Migration\s*$/im;
