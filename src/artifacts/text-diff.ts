import { diffArrays } from 'diff';

/** One line of a line diff: kept (' '), only in the old text ('-'), or only in the new one ('+'). */
export interface DiffLine {
  kind: ' ' | '-' | '+';
  text: string;
  /** 1-based line number in the old text ('-' and ' ') or in the new text ('+'). */
  line: number;
}

/** Every line of both texts in diff order (Myers, from the `diff` package): removed lines before added ones. */
export function diffTextLines(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const change of diffArrays(before.split('\n'), after.split('\n'))) {
    for (const text of change.value) {
      if (change.added) lines.push({ kind: '+', text, line: ++newLine });
      else if (change.removed) lines.push({ kind: '-', text, line: ++oldLine });
      else lines.push({ kind: ' ', text, line: (++newLine, ++oldLine) });
    }
  }
  return lines;
}

/**
 * A unified-style diff by lines with `context` lines around each change, '@@' where lines are skipped and
 * at most `maxLines` lines of output; '' when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, options: { context?: number; maxLines?: number } = {}): string {
  const context = options.context ?? 2;
  const maxLines = options.maxLines ?? 80;
  const lines = diffTextLines(before, after);
  const changed = lines.map((line) => line.kind !== ' ');
  if (!changed.includes(true)) return '';
  const near = (index: number) => changed.slice(Math.max(0, index - context), index + context + 1).includes(true);
  const out: string[] = [];
  let skipped = false;
  lines.forEach((line, index) => {
    if (!near(index)) {
      skipped = out.length > 0;
      return;
    }
    if (skipped) out.push('@@');
    skipped = false;
    out.push(`${line.kind} ${line.text}`);
  });
  if (out.length > maxLines) return [...out.slice(0, maxLines), `… ${out.length - maxLines} more diff lines`].join('\n');
  return out.join('\n');
}

/** Where two texts first differ, as one short paragraph: the line number and both lines there; '' when equal. */
export function firstDifference(before: string, after: string, labels = { before: 'before', after: 'after' }): string {
  const index = diffTextLines(before, after).findIndex((line) => line.kind !== ' ');
  if (index < 0) return '';
  const endOfFile = '(end of file)';
  return `line ${index + 1}:\n  ${labels.before}: ${before.split('\n')[index] ?? endOfFile}\n  ${labels.after}: ${after.split('\n')[index] ?? endOfFile}`;
}
