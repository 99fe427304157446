import { startEmbedded, type EmbeddedServer } from '../database/embedded.js';
import { capturePristine, resetToPristine, type PristineState } from './embedded-reset.js';
import { waitUntil } from './wait-until.js';

/**
 * Embedded test databases reuse running instances: a new PGlite costs seconds, a reset tens of
 * milliseconds. A closed test database's instance is reset to the state it was handed out in and kept
 * for the next call with the same key; a test database opened while another is open gets its own.
 */

export interface WarmInstance {
  server: EmbeddedServer;
  pristine: PristineState;
  /** Test databases this instance has served, the current one included. */
  uses: number;
  /** While idle: the timer that stops it after IDLE_KEEP_MS. */
  expiry?: NodeJS.Timeout | undefined;
}

/** Idle instances kept per key (each holds a whole PGlite in memory). */
const MAX_IDLE = 1;
/** How long close() waits for connections a test opened itself (not through db.pool) to go. */
const LINGER_MS = 500;
/**
 * How long an idle instance waits for the next call before it is stopped. A running PGlite re-arms a
 * timer every ten seconds and would keep the process alive forever: a plain Node script (or node:test
 * file) that closed its last test database exits this long after.
 */
export const IDLE_KEEP_MS = 2_000;

const idle = new Map<string, WarmInstance[]>();

/** An idle, reset instance for `key`, or a new one started from `start` and prepared by `prepare`. */
export async function checkOutInstance(
  key: string,
  start: () => Promise<Parameters<typeof startEmbedded>[0]>,
  prepare: (server: EmbeddedServer) => Promise<void>,
): Promise<WarmInstance> {
  const reused = idle.get(key)?.pop();
  if (reused) {
    clearTimeout(reused.expiry);
    reused.uses++;
    return reused;
  }
  const server = await startEmbedded({ ...(await start()), unref: true });
  try {
    await prepare(server);
    return { server, pristine: await capturePristine(server.db), uses: 1 };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Takes back an instance whose test database was closed: reset and kept, or stopped when it cannot be reused. */
export async function checkInInstance(key: string, instance: WarmInstance): Promise<void> {
  const { server } = instance;
  await waitUntil(() => server.connectionCount() === 0, LINGER_MS, 10);
  await server.settled();
  const list = idle.get(key) ?? [];
  let reusable = server.connectionCount() === 0 && list.length < MAX_IDLE;
  if (reusable) reusable = await resetToPristine(server.db, instance.pristine).catch(() => false);
  if (!reusable) {
    await server.stop();
    return;
  }
  list.push(instance);
  idle.set(key, list);
  instance.expiry = setTimeout(() => {
    const at = list.indexOf(instance);
    if (at < 0) return;
    list.splice(at, 1);
    void server.stop();
  }, IDLE_KEEP_MS).unref();
}

/** Stops every idle instance (a suite's teardown, or a benchmark measuring cold starts). */
export async function stopIdleInstances(): Promise<void> {
  const all = [...idle.values()].flat();
  idle.clear();
  for (const instance of all) clearTimeout(instance.expiry);
  await Promise.all(all.map((instance) => instance.server.stop()));
}
