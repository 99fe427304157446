import { inLibraryTerms, type OptionWording } from '../../errors/option.js';
import { blockingFindings, type Finding, type MigrationPlan, type TracedStatement } from './plan-report.js';

type Colour = 'red' | 'green' | 'yellow' | 'dim' | 'bold';
export type Paint = (colour: Colour, text: string) => string;

const plain: Paint = (_colour, text) => text;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const MODE_ORDER = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

/** Locks per table, its indexes and partitions folded in: "ACCESS EXCLUSIVE + SHARE on orders (+2 indexes)". */
function locksOf(statement: TracedStatement): string {
  const byTable = new Map<string, { modes: Set<string>; others: Map<string, string>; createdInFile: boolean; documented: boolean }>();
  for (const lock of statement.locks) {
    const table = lock.table ?? lock.relation;
    const entry = byTable.get(table) ?? {
      modes: new Set<string>(),
      others: new Map<string, string>(),
      createdInFile: true,
      documented: false,
    };
    entry.modes.add(lock.mode);
    if (lock.table) entry.others.set(lock.relation, lock.kind.includes('index') ? 'index' : 'partition');
    if (!lock.table || lock.kind.includes('table')) entry.createdInFile &&= lock.createdInFile;
    entry.documented ||= !lock.observed;
    byTable.set(table, entry);
  }
  return [...byTable]
    .map(([table, entry]) => {
      const modes = [...entry.modes].sort((a, b) => MODE_ORDER.indexOf(b) - MODE_ORDER.indexOf(a)).join(' + ');
      const counts = ['index', 'partition']
        .map((kind) => [kind, [...entry.others.values()].filter((k) => k === kind).length] as const)
        .filter(([, n]) => n > 0);
      const others = counts.length ? ` (+${counts.map(([kind, n]) => plural(n, kind).replace('indexs', 'indexes')).join(', ')})` : '';
      return `${modes} on ${table}${others}${entry.createdInFile ? ' (new in file)' : ''}${entry.documented ? ' (documented, not observed)' : ''}`;
    })
    .join('; ');
}

function changesOf(statement: TracedStatement): string {
  const parts: string[] = [];
  if (statement.rewrites.length) parts.push(`rewrite: ${statement.rewrites.map((r) => r.relation).join(', ')}`);
  for (const index of statement.indexesBuilt)
    parts.push(`index ${index.index}${index.concurrently ? ' (concurrently)' : ' (not concurrently)'}`);
  for (const c of statement.constraintsAdded) parts.push(`${c.type} ${c.name}${c.notValid ? ' NOT VALID' : ' (valid, not NOT VALID)'}`);
  for (const column of statement.notNullSet)
    parts.push(`NOT NULL ${column.table}.${column.column}${column.provenByCheck ? ' (proven by a CHECK, no scan)' : ''}`);
  for (const value of statement.enumValuesAdded) parts.push(`enum ${value.type} + '${value.value}'`);
  if (!statement.inTransaction) parts.push('outside a transaction');
  if (statement.lockTimeout === '0') parts.push('lock_timeout 0');
  return parts.join('; ');
}

function summary(plan: MigrationPlan): string {
  const hazards = plan.findings.filter((f) => f.level === 'hazard');
  const blocking = blockingFindings(plan).length;
  const notices = plan.findings.length - hazards.length;
  if (plan.pending.length === 0) return 'No pending migrations: nothing to trace.';
  const counts = [`${plural(blocking, 'hazard')}${hazards.length > blocking ? ` (+${hazards.length - blocking} allowed)` : ''}`];
  if (notices) counts.push(plural(notices, 'notice'));
  return `${counts.join(', ')} in ${plural(plan.pending.length, 'pending migration')} (${plural(plan.statements.length, 'statement')} traced on ${plan.traceOn === 'embedded' ? 'the embedded engine' : 'a scratch database on the server'}).`;
}

function findingStatus(finding: Finding, wording: OptionWording): string {
  if (finding.allowed)
    return `allowed${finding.allowed.reason ? `: ${finding.allowed.reason}` : ` (${wording('allowHazards', undefined)})`}`;
  return finding.level;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  const clipped = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return `\`${cell(clipped).replace(/`/g, "'")}\``;
}

/** The plan as a pull-request comment: hazards first, every statement folded below; options named by `wording`. */
export function renderPlanMarkdown(plan: MigrationPlan, wording: OptionWording = inLibraryTerms): string {
  const out = ['### aegis-db migrate plan', '', summary(plan)];
  if (plan.production) out.push('', 'The target is marked **production**: `migrate up` refuses the hazards that are not allowed.');
  if (plan.error) out.push('', `**The trace failed**: ${cell(plan.error.worded(wording).message)}`);
  if (plan.drift.length)
    out.push(
      '',
      `**Drift**: the target's schema differs from its applied migrations in ${plan.drift.map(code).join(', ')}; findings there may be off.`,
    );
  if (plan.findings.length) {
    out.push('', '| | id | where | finding |', '|---|---|---|---|');
    for (const f of plan.findings) {
      const icon = f.allowed ? '✅' : f.level === 'hazard' ? '❌' : '⚠️';
      out.push(
        `| ${icon} ${findingStatus(f, wording) === f.level ? f.level : cell(findingStatus(f, wording))} | \`${f.id}\` | \`${f.file}.sql:${f.line}\` | ${cell(f.message)} |`,
      );
    }
  }
  if (plan.statements.length) {
    out.push(
      '',
      `<details><summary>${plural(plan.statements.length, 'statement')}: locks on existing relations, rewrites, indexes, constraints</summary>`,
      '',
    );
    out.push('| where | statement | ms | locks | changes |', '|---|---|---:|---|---|');
    for (const s of plan.statements)
      out.push(
        `| \`${s.file}.sql:${s.line}\` | ${code(s.firstLine)} | ${s.durationMs.toFixed(1)} | ${cell(locksOf(s))} | ${cell(changesOf(s))} |`,
      );
    out.push('', "Durations are on an empty copy of the schema; sizes are the target's catalog statistics.", '', '</details>');
  }
  return out.join('\n') + '\n';
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** The plan for a terminal: one row per statement, grouped by file, then the findings. */
export function renderPlanTable(plan: MigrationPlan, paint: Paint = plain): string {
  const out: string[] = [];
  let file = '';
  for (const s of plan.statements) {
    if (s.file !== file) {
      file = s.file;
      out.push(paint('bold', `${file}.sql${s.inTransaction ? '' : ' (no transaction)'}`));
      out.push(paint('dim', `  ${'line'.padStart(5)}  ${'ms'.padStart(7)}  ${clip('statement', 48)}  locks / changes`));
    }
    const detail = [locksOf(s), changesOf(s)].filter(Boolean).join(' | ');
    out.push(
      `  ${String(s.line).padStart(5)}  ${s.durationMs.toFixed(1).padStart(7)}  ${clip(s.firstLine, 48)}  ${detail || paint('dim', '-')}`,
    );
  }
  if (plan.findings.length) {
    if (out.length) out.push('');
    for (const f of plan.findings) {
      const mark = f.allowed
        ? paint('green', '✔ allowed')
        : f.level === 'hazard'
          ? paint('red', '✘ hazard ')
          : paint('yellow', '! notice ');
      out.push(
        `${mark} ${paint('bold', f.id)}  ${f.file}.sql:${f.line}  ${f.message}${f.allowed?.reason ? paint('dim', ` (${f.allowed.reason})`) : ''}`,
      );
    }
  }
  if (plan.drift.length)
    out.push(
      '',
      paint(
        'yellow',
        `drift: the target's schema differs from its applied migrations in ${plan.drift.join(', ')}; findings there may be off`,
      ),
    );
  if (out.length) out.push('');
  out.push(summary(plan));
  return out.join('\n');
}
