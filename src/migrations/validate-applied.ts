import { AegisError } from '../errors/aegis-error.js';
import type { MigrationFile } from './migration-file.js';
import type { AppliedMigration } from './meta-tables.js';

export interface IntegrityReport {
  /** Applied files whose content changed since they ran. */
  modified: string[];
  /** Applied migrations with no file any more. */
  missing: string[];
  /** Pending files that sort before the last applied one. */
  outOfOrder: string[];
  /** Applied migrations recorded without a checksum (applied by another tool). */
  unverified: string[];
  /** Applied files whose recorded checksum is of their raw bytes (before normalized checksums); repair re-records them. */
  legacy: string[];
}

export function checkIntegrity(files: MigrationFile[], applied: AppliedMigration[]): IntegrityReport {
  const byName = new Map(files.map((file) => [file.name, file]));
  const appliedNames = new Set(applied.map((row) => row.name));
  const report: IntegrityReport = { modified: [], missing: [], outOfOrder: [], unverified: [], legacy: [] };
  for (const row of applied) {
    const file = byName.get(row.name);
    if (!file) report.missing.push(row.name);
    else if (row.checksum === null) report.unverified.push(row.name);
    else if (file.legacyChecksums.includes(row.checksum)) report.legacy.push(row.name);
    else if (row.checksum !== file.checksum) report.modified.push(row.name);
  }
  const lastApplied = [...appliedNames]
    .filter((name) => byName.has(name))
    .sort()
    .at(-1);
  if (lastApplied) {
    for (const file of files) {
      if (!appliedNames.has(file.name) && file.name < lastApplied) report.outOfOrder.push(file.name);
    }
  }
  return report;
}

export function isClean(report: IntegrityReport): boolean {
  return report.modified.length + report.missing.length + report.outOfOrder.length === 0;
}

/** One line per problem, for messages. */
export function describeIntegrity(report: IntegrityReport): string {
  const parts: string[] = [];
  if (report.modified.length) parts.push(`edited after being applied: ${report.modified.join(', ')}`);
  if (report.missing.length) parts.push(`applied but the file is gone: ${report.missing.join(', ')}`);
  if (report.outOfOrder.length) parts.push(`new but sorts before an applied migration: ${report.outOfOrder.join(', ')}`);
  return parts.join('; ');
}

/** The error every command gives when the files no longer match what the database recorded. */
export function integrityError(report: IntegrityReport): AegisError {
  return new AegisError('INTEGRITY', `migrations do not match the database: ${describeIntegrity(report)}`, {
    hint: 'restore the original files from version control; if the change is intended and reviewed, run aegis-db migrate repair',
  });
}
