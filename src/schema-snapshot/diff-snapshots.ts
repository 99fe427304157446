import { diffTextLines } from '../artifacts/text-diff.js';

export interface SnapshotDifference {
  /** The object (top-level snapshot line) the change is under. */
  object: string;
  /** Lines only in the expected (committed) snapshot. */
  removed: string[];
  /** Lines only in the live schema. */
  added: string[];
}

/** Differences between two snapshots (the shared line diff), grouped by the object each change is under. */
export function diffSnapshots(expected: string, actual: string): SnapshotDifference[] {
  const differences: SnapshotDifference[] = [];
  let object = '(top)';
  let current: SnapshotDifference | undefined;
  for (const line of diffTextLines(expected.trimEnd(), actual.trimEnd())) {
    if (!line.text.startsWith(' ') && line.text !== '') object = line.text;
    if (line.kind === ' ') {
      current = undefined;
      continue;
    }
    if (!current || current.object !== object) {
      current = { object, removed: [], added: [] };
      differences.push(current);
    }
    (line.kind === '-' ? current.removed : current.added).push(line.text);
  }
  return differences;
}
