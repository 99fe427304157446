import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Value = unknown;

function isPoint(value: unknown): value is { type: 'Point'; coordinates: [number, number] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'Point' &&
    Array.isArray((value as { coordinates?: unknown }).coordinates)
  );
}

/** A column value as PostgreSQL input text: GeoJSON points become EWKT, objects and arrays JSON. */
export function toSqlText(value: Value): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (isPoint(value)) return `SRID=4326;POINT(${value.coordinates[0]} ${value.coordinates[1]})`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function copyField(value: Value): string {
  const text = toSqlText(value);
  if (text === null) return '\\N';
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export interface WriteOptions {
  table: string;
  columns: readonly string[];
  /** Called with the rows written so far. */
  onRows?: (written: number) => void;
}

/**
 * Multi-row INSERTs in batches that stay under the 65,535-parameter limit. `ON CONFLICT DO NOTHING`
 * makes re-running a seed a no-op for rows that are already there; the ids of inserted rows are returned.
 */
export async function insertRows(
  client: pg.ClientBase,
  rows: Iterable<Record<string, Value>>,
  options: WriteOptions & { batchRows?: number },
): Promise<string[]> {
  const { table, columns } = options;
  const batchRows = Math.min(options.batchRows ?? 1000, Math.floor(60_000 / columns.length));
  const inserted: string[] = [];
  let batch: Record<string, Value>[] = [];
  let written = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const params: (string | null)[] = [];
    const tuples = batch.map((row) => `(${columns.map((column) => `$${params.push(toSqlText(row[column]))}`).join(', ')})`);
    const result = await client.query<{ id: string }>(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING id`,
      params,
    );
    for (const row of result.rows) inserted.push(row.id);
    written += batch.length;
    batch = [];
    options.onRows?.(written);
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  return inserted;
}

/**
 * Streams rows into `COPY … FROM STDIN` (text format). Rows are produced on demand as the socket
 * drains, so memory stays flat however many rows the iterable yields.
 */
export async function copyRows(client: pg.ClientBase, rows: Iterable<Record<string, Value>>, options: WriteOptions): Promise<number> {
  const { table, columns } = options;
  const iterator = rows[Symbol.iterator]();
  let written = 0;
  const chunkRows = 500;
  const source = new Readable({
    highWaterMark: 1 << 16,
    read() {
      try {
        let chunk = '';
        for (let i = 0; i < chunkRows; i += 1) {
          const next = iterator.next();
          if (next.done) {
            if (chunk) this.push(chunk);
            this.push(null);
            return;
          }
          const row = next.value;
          let line = '';
          for (let c = 0; c < columns.length; c += 1) line += (c === 0 ? '' : '\t') + copyField(row[columns[c]!]);
          chunk += line + '\n';
          written += 1;
        }
        this.push(chunk);
        if (written % 50_000 === 0) options.onRows?.(written);
      } catch (error) {
        this.destroy(error as Error);
      }
    },
  });
  await pipeline(source, client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
  options.onRows?.(written);
  return written;
}
