import pg from 'pg';

export interface CopyProgressSample {
  t: number;
  tuples: number;
}

/**
 * Polls pg_stat_progress_copy for a COPY into `table` of the database at `databaseUrl` while `work` runs: the
 * server's own count of rows it has taken in, so a client's buffering cannot flatter its rows/s.
 */
export async function watchCopyProgress<T>(
  databaseUrl: string,
  table: string,
  work: () => Promise<T>,
  intervalMs = 50,
): Promise<{ result: T; samples: CopyProgressSample[] }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'aegis-db bench watcher' });
  await client.connect();
  const samples: CopyProgressSample[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      const { rows } = await client.query<{ tuples: string }>(
        `SELECT p.tuples_processed AS tuples FROM pg_stat_progress_copy p
          WHERE p.datname = current_database() AND p.relid = to_regclass($1)`,
        [table],
      );
      if (rows[0]) samples.push({ t: performance.now(), tuples: Number(rows[0].tuples) });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  try {
    const result = await work();
    return { result, samples };
  } finally {
    done = true;
    await poll.catch(() => {});
    await client.end();
  }
}
