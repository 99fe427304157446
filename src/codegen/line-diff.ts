/**
 * A unified-style diff of two texts by lines (longest common subsequence), with `context` lines around
 * each change and at most `maxLines` lines of output. '' when equal.
 */
export function lineDiff(before: string, after: string, options: { context?: number; maxLines?: number } = {}): string {
  const context = options.context ?? 2;
  const maxLines = options.maxLines ?? 80;
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common head and tail so the quadratic table covers only the changed middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (head === a.length && head === b.length) return '';
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Array<{ kind: ' ' | '-' | '+'; text: string; line: number }> = [];
  for (let k = Math.max(0, head - context); k < head; k++) ops.push({ kind: ' ', text: a[k]!, line: k + 1 });
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) ops.push({ kind: ' ', text: x[i]!, line: head + ++i }), j++;
    else if (j < y.length && (i === x.length || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) ops.push({ kind: '+', text: y[j++]!, line: head + i });
    else ops.push({ kind: '-', text: x[i]!, line: head + ++i });
  }
  for (let k = a.length - tail; k < Math.min(a.length, a.length - tail + context); k++) ops.push({ kind: ' ', text: a[k]!, line: k + 1 });
  const keep = ops.map((op, index) => op.kind !== ' ' || ops.slice(Math.max(0, index - context), index + context + 1).some((near) => near.kind !== ' '));
  const out: string[] = [];
  ops.forEach((op, index) => {
    if (!keep[index]) return;
    if (index > 0 && !keep[index - 1]) out.push('@@');
    out.push(`${op.kind} ${op.text}`);
  });
  if (out.length > maxLines) return [...out.slice(0, maxLines), `… ${out.length - maxLines} more diff lines`].join('\n');
  return out.join('\n');
}
