import { describe, expect, it } from 'vitest';
import { demoDataset } from '../../src/seeding/datasets/demo.js';
import { loadDataset, loadVolumes } from '../../src/seeding/datasets/load.js';
import { pathOf } from '../../src/seeding/seed-dataset.js';
import { validateRow } from '../../src/seeding/validate-row.js';
import { parseAnchor } from '../../src/seeding/seed.js';

const anchor = new Date('2026-11-20T00:00:00Z');
// A fixed stand-in hash keeps these tests fast; the real bcrypt hash is covered by the integration suite.
const passwordHashFor = () => `$2b$10$${'a'.repeat(53)}`;

describe('seed datasets', () => {
  it('the same seed and anchor give identical rows, ids included; another seed gives other ids', () => {
    const a = demoDataset({ seed: 7, anchor, passwordHashFor });
    const b = demoDataset({ seed: 7, anchor, passwordHashFor });
    expect(JSON.stringify({ ...b, locations: [...b.locations()] })).toBe(JSON.stringify({ ...a, locations: [...a.locations()] }));
    const c = demoDataset({ seed: 8, anchor, passwordHashFor });
    expect(c.users[0]!.id).not.toBe(a.users[0]!.id);
  });

  it('demo jobs cover every status and never double-book a guard (matched and in_progress are passed by every later status)', () => {
    for (const dataset of [
      demoDataset({ seed: 7, anchor, passwordHashFor }),
      loadDataset({ seed: 7, anchor, passwordHashFor, scale: 0.05 }),
    ]) {
      const statuses = new Set(dataset.jobs.map((plan) => plan.target));
      expect([...statuses].sort()).toEqual(['cancelled', 'completed', 'in_progress', 'matched', 'paid', 'requested']);
      const byGuard = new Map<string, [number, number][]>();
      for (const plan of dataset.jobs) {
        if (!plan.guardId || !pathOf(plan).includes('matched')) continue;
        const list = byGuard.get(plan.guardId) ?? [];
        list.push([plan.job.start_time.getTime(), plan.job.end_time.getTime()]);
        byGuard.set(plan.guardId, list);
      }
      for (const ranges of byGuard.values()) {
        ranges.sort((x, y) => x[0] - y[0]);
        for (let i = 1; i < ranges.length; i += 1) expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
      }
    }
  });

  it('GPS trails fall inside location_history’s partition window around the anchor', () => {
    const dataset = loadDataset({ seed: 3, anchor, passwordHashFor, scale: 0.01 });
    let count = 0;
    for (const point of dataset.locations()) {
      count += 1;
      expect(point.recorded_at.getTime()).toBeGreaterThanOrEqual(anchor.getTime() - 31 * 86_400_000);
      expect(point.recorded_at.getTime()).toBeLessThanOrEqual(anchor.getTime() + 7 * 86_400_000);
    }
    expect(count).toBe(dataset.locationCount);
  });

  it('load volumes at scale 1 match the issue', () => {
    const v = loadVolumes(1);
    expect(v.customers + v.guards + v.admins).toBe(1000);
    expect(v).toMatchObject({ guards: 300, jobs: 10_000, locations: 1_000_000 });
  });

  it('an invalid generated row is rejected before the database, naming table and field', () => {
    const [user] = demoDataset({ seed: 7, anchor, passwordHashFor }).users;
    expect(() => validateRow('users', { ...user, email: 'Not-Lower@Example.com' }, 3)).toThrow(/invalid seed row users\[3\].*users\.email/);
    const [job] = demoDataset({ seed: 7, anchor, passwordHashFor }).jobs;
    expect(() => validateRow('jobs', { ...job!.job, end_time: job!.job.start_time }, 0)).toThrow(/jobs\.end_time must be after start_time/);
  });

  it('the anchor is a YYYY-MM-DD date only', () => {
    expect(parseAnchor('2026-01-31').toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(() => parseAnchor('yesterday')).toThrow(/anchor must be a date YYYY-MM-DD/);
  });

  it.each([
    ['2026-02-30', /not "2026-02-30" \(no such day\)/],
    ['2025-02-29', /\(no such day\)/],
    ['2026-13-01', /\(no such day\)/],
    ['0001-01-01', /from 1970-01-01 to 2999-12-31, not "0001-01-01" \(out of range\)/],
    ['9999-12-31', /\(out of range\)/],
    ['1969-12-31', /\(out of range\)/],
  ])('--anchor %s is refused as a usage error', (text, pattern) => {
    expect(() => parseAnchor(text)).toThrow(pattern);
  });

  it.each(['1970-01-01', '2024-02-29', '2999-12-31'])('--anchor %s is the day itself', (text) => {
    expect(parseAnchor(text).toISOString()).toBe(`${text}T00:00:00.000Z`);
  });
});
