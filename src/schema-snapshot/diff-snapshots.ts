export interface SnapshotDifference {
  /** The object (top-level snapshot line) the change is under. */
  object: string;
  /** Lines only in the expected (committed) snapshot. */
  removed: string[];
  /** Lines only in the live schema. */
  added: string[];
}

/**
 * Differences between two snapshots, grouped by the object they belong to. A plain LCS line diff: the
 * snapshots are a few thousand lines at most.
 */
export function diffSnapshots(expected: string, actual: string): SnapshotDifference[] {
  const a = expected.trimEnd().split('\n');
  const b = actual.trimEnd().split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const differences: SnapshotDifference[] = [];
  let object = '(top)';
  let current: SnapshotDifference | undefined;
  const note = (side: 'removed' | 'added', line: string) => {
    if (!current || current.object !== object) {
      current = { object, removed: [], added: [] };
      differences.push(current);
    }
    current[side].push(line);
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      if (!a[i]!.startsWith(' ') && a[i] !== '') object = a[i]!;
      current = undefined;
      i += 1;
      j += 1;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      if (!b[j]!.startsWith(' ') && b[j] !== '') object = b[j]!;
      note('added', b[j]!);
      j += 1;
    } else {
      if (!a[i]!.startsWith(' ') && a[i] !== '') object = a[i]!;
      note('removed', a[i]!);
      i += 1;
    }
  }
  return differences;
}
