import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `done` every `everyMs` until it holds or `withinMs` has passed; resolves either way. */
export async function waitUntil(done: () => boolean | Promise<boolean>, withinMs: number, everyMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await done()) && Date.now() < deadline) await sleep(everyMs);
}
