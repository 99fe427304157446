import { qualified } from './catalog-snapshot.js';
import { describeSize } from './describe-size.js';
import type { HazardId } from './hazard-rules.js';
import type { Finding } from './plan-report.js';
import { BLOCKING_MODES, type RootTable } from './statement-changes.js';
import { sizeKey, type TargetSize } from './target-sizes.js';
import type { StatementTrace } from './trace-files.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Turns what the trace saw into findings, weighed by the target's sizes: on a populated table of the
 * target a hazard, on one it has but empty a notice, and nothing on a table created earlier in the same file
 * or by an earlier pending migration (no one can be using it yet).
 */
export function classifyFindings(traces: StatementTrace[], sizes: Map<string, TargetSize>): Finding[] {
  const findings: Finding[] = [];
  const add = (trace: StatementTrace, id: HazardId, root: RootTable, describe: (table: string) => string) => {
    if (root.createdInFile) return;
    const size = sizes.get(sizeKey(root));
    if (!size) return;
    const relation = qualified(root.schema, root.name);
    const { statement } = trace;
    if (findings.some((f) => f.id === id && f.relation === relation && f.file === statement.file && f.line === statement.line)) return;
    findings.push({
      id,
      level: size.populated ? 'hazard' : 'notice',
      file: statement.file,
      line: statement.line,
      statement: statement.firstLine,
      relation,
      size: { rows: size.rows, bytes: size.bytes },
      message: describe(`${relation} (${describeSize(size)})`),
    });
  };

  const heldInFile = new Map<string, Set<string>>();
  for (const trace of traces) {
    const held = heldInFile.get(trace.statement.file) ?? new Set<string>();
    heldInFile.set(trace.statement.file, held);
    const later = trace.fileStatements - 1 - trace.index;
    const laterMs = traces
      .filter((other) => other.statement.file === trace.statement.file && other.index > trace.index)
      .reduce((sum, other) => sum + other.statement.durationMs, 0);
    for (const event of trace.events) {
      switch (event.type) {
        case 'lock':
          if (trace.statement.inTransaction && BLOCKING_MODES.has(event.mode) && !held.has(sizeKey(event.root))) {
            held.add(sizeKey(event.root));
            if (later > 0) {
              add(
                trace,
                'lock-held-across-statements',
                event.root,
                (table) =>
                  `${event.mode} on ${table} held across ${plural(later, 'later statement')} (${laterMs.toFixed(1)} ms on the empty copy)`,
              );
            }
          }
          if (trace.withoutLockTimeout && event.mode !== 'ACCESS SHARE') {
            add(
              trace,
              'lock-without-timeout',
              event.root,
              (table) =>
                `${event.mode} on ${table} requested while lock_timeout is 0: it may wait forever and block everyone queued behind it`,
            );
          }
          break;
        case 'rewrite':
          if (!event.concurrently) add(trace, 'table-rewrite', event.root, (table) => `rewrites ${table} under ACCESS EXCLUSIVE`);
          break;
        case 'index':
          if (!event.concurrently)
            add(
              trace,
              'require-concurrent-index-creation',
              event.root,
              (table) => `builds ${event.index} on ${table} without CONCURRENTLY: writes wait for the whole build`,
            );
          break;
        case 'constraint':
          if (!event.constraint.notValid && (event.constraint.type === 'check' || event.constraint.type === 'foreign key')) {
            const what =
              event.constraint.type === 'check'
                ? `CHECK ${event.constraint.name}`
                : `FOREIGN KEY ${event.constraint.name} (to ${event.constraint.references})`;
            add(
              trace,
              'constraint-missing-not-valid',
              event.root,
              (table) => `adds ${what} on ${table} without NOT VALID: every row is checked while writes wait`,
            );
          }
          break;
        case 'not-null':
          if (!event.provenByCheck)
            add(
              trace,
              'adding-not-nullable-field',
              event.root,
              (table) => `SET NOT NULL on ${event.column} of ${table} scans every row under ACCESS EXCLUSIVE`,
            );
          break;
      }
    }
  }
  return findings;
}
