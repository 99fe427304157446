import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/schema-snapshot/diff-snapshots.js';

describe('diffSnapshots', () => {
  it('is empty for equal snapshots', () => {
    expect(diffSnapshots('table a\n  column x int\n', 'table a\n  column x int\n')).toEqual([]);
  });

  it('groups added and removed lines under the object they belong to', () => {
    const before = 'table a\n  column x int\n  column y text\ntable b\n  column z int\n';
    const after = 'table a\n  column x bigint\n  column y text\ntable b\n  column z int\n  index idx_b\n';
    expect(diffSnapshots(before, after)).toEqual([
      { object: 'table a', removed: ['  column x int'], added: ['  column x bigint'] },
      { object: 'table b', removed: [], added: ['  index idx_b'] },
    ]);
  });
});
