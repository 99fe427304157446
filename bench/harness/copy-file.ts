import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** COPY a (possibly partitioned) table's rows out to a text-format file: the exact rows every baseline then loads. */
export async function copyTableToFile(client: pg.ClientBase, table: string, path: string): Promise<void> {
  await pipeline(client.query(copyTo(`COPY (SELECT * FROM ${table}) TO STDOUT`)), createWriteStream(path));
}

/** Raw `COPY … FROM STDIN` of a text-format file in one transaction; returns the wall time in ms. */
export async function copyFileIntoTable(client: pg.ClientBase, table: string, path: string): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 16 }), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
  return performance.now() - started;
}
