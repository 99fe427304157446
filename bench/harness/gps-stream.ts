import { mulberry32, pointInGreaterLa } from './greater-la.js';

/**
 * A month of GPS uploads from guards on shifts, in the order the server receives them: each working guard
 * pings about once a minute on the way to the site (no job) and through an 8-hour shift (on the job), and
 * some shifts lose connectivity for a while and upload the buffered points in one go when it returns.
 * Deterministic for a given seed, generated lazily (millions of rows, never all in memory).
 */

export interface Shift {
  guardId: string;
  jobId: string;
  /** The job site, where the guard patrols. */
  lon: number;
  lat: number;
  start: Date;
  end: Date;
}

export const PING_MS = 60_000;
export const COMMUTE_MS = 30 * 60_000;
export const SHIFT_MS = 8 * 3_600_000;
/** A working guard works 7 days in 10 (guard g on day d when (g + d) % 10 < 7). */
export const WORKS = (guard: number, day: number) => (guard + day) % 10 < 7;

/** Where and when every shift is: guard g's shift on day d starts between 06:00 and 19:00 UTC, at a site in greater LA. */
export function planShifts(
  guards: number,
  days: number,
  firstDay: Date,
): { guard: number; day: number; start: Date; end: Date; lon: number; lat: number }[] {
  const next = mulberry32(0x5eed);
  const shifts = [];
  for (let day = 0; day < days; day += 1) {
    for (let guard = 0; guard < guards; guard += 1) {
      const { lon, lat } = pointInGreaterLa(next);
      if (!WORKS(guard, day)) continue;
      const start = new Date(firstDay.getTime() + day * 86_400_000 + (6 + ((guard * 7 + day * 3) % 14)) * 3_600_000);
      shifts.push({ guard, day, start, end: new Date(start.getTime() + SHIFT_MS), lon, lat });
    }
  }
  return shifts;
}

/** Rows a stream over `shifts` yields: every ping of the commute and of the shift. */
export function streamRows(shifts: number): number {
  return shifts * ((COMMUTE_MS + SHIFT_MS) / PING_MS);
}

interface Pending {
  /** When the server receives the next point (the heap key). */
  uploadAt: number;
  rows: string[];
}

/** The points of one shift (commute first), yielded as upload groups in the order they reach the server. */
function* shiftUploads(shift: Shift, next: () => number): Generator<Pending> {
  const from = shift.start.getTime() - COMMUTE_MS;
  const count = (COMMUTE_MS + SHIFT_MS) / PING_MS;
  // One shift in eight loses the network for 10 to 40 minutes; its points arrive together when it returns.
  const outageStart = next() < 0.125 ? from + Math.floor(next() * count) * PING_MS : Infinity;
  const outageEnd = outageStart + (10 + Math.floor(next() * 31)) * PING_MS;
  const device = next() < 0.55 ? 'ios' : 'android';
  let lon = shift.lon - 0.03;
  let lat = shift.lat - 0.02;
  let buffered: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const recorded = from + i * PING_MS + Math.floor(next() * 5000);
    const onJob = recorded >= shift.start.getTime();
    if (onJob) {
      // A patrol around the site: a bounded random walk of a few hundred meters.
      lon = shift.lon + (lon - shift.lon) * 0.8 + (next() - 0.5) * 0.002;
      lat = shift.lat + (lat - shift.lat) * 0.8 + (next() - 0.5) * 0.002;
    } else {
      lon += 0.001 + next() * 0.0005;
      lat += 0.0006 + next() * 0.0004;
    }
    const offline = recorded >= outageStart && recorded < outageEnd;
    const uploaded = offline ? outageEnd + 2000 : recorded + 800 + Math.floor(next() * 2500);
    const row = [
      shift.guardId,
      onJob ? shift.jobId : '\\N',
      `SRID=4326;POINT(${lon.toFixed(6)} ${lat.toFixed(6)})`,
      (3 + next() * 25).toFixed(2),
      '\\N',
      (onJob ? next() * 1.6 : 5 + next() * 10).toFixed(2),
      (next() * 360).toFixed(2),
      device,
      '2.4.1',
      new Date(recorded).toISOString(),
      new Date(uploaded).toISOString(),
      offline ? 't' : 'f',
    ].join('\t');
    if (offline) {
      buffered.push(row);
      continue;
    }
    if (buffered.length > 0) {
      yield { uploadAt: outageEnd + 2000, rows: buffered };
      buffered = [];
    }
    yield { uploadAt: uploaded, rows: [row] };
  }
  if (buffered.length > 0) yield { uploadAt: outageEnd + 2000, rows: buffered };
}

/** The columns each row of the stream gives, in order; id and created_at are left to the table's defaults. */
export const STREAM_COLUMNS = [
  'guard_id',
  'job_id',
  'location',
  'accuracy_meters',
  'altitude_meters',
  'speed_mps',
  'heading_degrees',
  'device_type',
  'app_version',
  'recorded_at',
  'uploaded_at',
  'is_offline_upload',
] as const;

/**
 * Every shift's uploads merged in server-receipt order (a heap over the shifts on the road at the time), as
 * COPY text batches of about `batchRows` rows.
 */
export function* gpsStream(shifts: readonly Shift[], batchRows: number, seed = 42): Generator<{ text: string; rows: number }> {
  const next = mulberry32(seed);
  const ordered = [...shifts].sort((a, b) => a.start.getTime() - b.start.getTime());
  const heap: { key: number; pending: Pending; source: Generator<Pending> }[] = [];
  const push = (item: (typeof heap)[number]) => {
    heap.push(item);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.key <= heap[i]!.key) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.key < heap[m]!.key) m = l;
        if (r < heap.length && heap[r]!.key < heap[m]!.key) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  const start = (shift: Shift) => {
    const source = shiftUploads(shift, next);
    const first = source.next();
    if (!first.done) push({ key: first.value.uploadAt, pending: first.value, source });
  };
  let nextShift = 0;
  let batch: string[] = [];
  for (;;) {
    // A shift joins the merge once its commute begins before the earliest pending upload.
    while (nextShift < ordered.length && (heap.length === 0 || ordered[nextShift]!.start.getTime() - COMMUTE_MS <= heap[0]!.key))
      start(ordered[nextShift++]!);
    if (heap.length === 0) break;
    const item = pop();
    for (const row of item.pending.rows) batch.push(row);
    const following = item.source.next();
    if (!following.done) push({ key: following.value.uploadAt, pending: following.value, source: item.source });
    if (batch.length >= batchRows) {
      yield { text: batch.join('\n') + '\n', rows: batch.length };
      batch = [];
    }
  }
  if (batch.length > 0) yield { text: batch.join('\n') + '\n', rows: batch.length };
}
