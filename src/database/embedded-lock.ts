import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';

/** What `<dataDir>.lock` says about the process that has the data directory open. */
export interface DataDirHolder {
  pid: number;
  /** Start time of that process (Linux /proc), so a reused pid is not taken for the holder. */
  processStart: string | undefined;
  /** The command that opened it, e.g. "aegis-db dev". */
  command: string;
  /** Where it serves the database for other processes; set once serving, and only by a shared holder (dev). */
  url: string | undefined;
  startedAt: string;
  token: string;
}

export interface DataDirLock {
  holder: DataDirHolder;
  /** Records where the database is served, so other commands can use that server. */
  advertise(url: string): void;
  release(): void;
}

export type LockAttempt = { acquired: true; lock: DataDirLock } | { acquired: false; holder: DataDirHolder };

export function lockPathOf(dataDir: string): string {
  return `${dataDir}.lock`;
}

function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) counted after the parenthesised command name, which may contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(holder: DataDirHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartOf(holder.pid);
  return start === undefined || holder.processStart === undefined || start === holder.processStart;
}

function readHolder(path: string): DataDirHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DataDirHolder;
  } catch {
    return undefined;
  }
}

/** Writes `content` to a private file and hard-links it into place: the link either appears whole or fails (EEXIST). */
function linkExclusive(path: string, content: string): boolean {
  const temporary = `${path}.${process.pid}.${randomUUID()}`;
  writeFileSync(temporary, content);
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The live process that has `dataDir` open, if any (a lock left by a dead process does not count). */
export function dataDirHolder(dataDir: string): DataDirHolder | undefined {
  const holder = readHolder(lockPathOf(dataDir));
  return holder && isAlive(holder) && holder.token !== ownTokens.get(dataDir) ? holder : undefined;
}

const ownTokens = new Map<string, string>();

/**
 * Takes the data directory's lock before anything opens the directory. Exactly one of several racing
 * processes gets it; a lock whose process is dead is taken over at once. Breaking a stale lock is itself
 * guarded by `<lock>.break`, so two processes that both saw the same dead holder cannot both take over.
 */
export function acquireDataDirLock(dataDir: string, command: string): LockAttempt {
  const path = lockPathOf(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const holder: DataDirHolder = {
    pid: process.pid,
    processStart: processStartOf(process.pid),
    command,
    url: undefined,
    startedAt: new Date().toISOString(),
    token: randomUUID(),
  };
  const content = JSON.stringify(holder);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (linkExclusive(path, content)) return { acquired: true, lock: lockOf(dataDir, holder) };
    const current = readHolder(path);
    if (current && isAlive(current)) return { acquired: false, holder: current };
    breakStaleLock(path, current);
  }
  const current = readHolder(path);
  if (current) return { acquired: false, holder: current };
  throw new Error(`cannot take the lock ${path}: it keeps changing`);
}

function breakStaleLock(path: string, stale: DataDirHolder | undefined): void {
  const breaker = `${path}.break`;
  const mine: DataDirHolder = {
    pid: process.pid,
    processStart: processStartOf(process.pid),
    command: 'lock takeover',
    url: undefined,
    startedAt: new Date().toISOString(),
    token: randomUUID(),
  };
  if (!linkExclusive(breaker, JSON.stringify(mine))) {
    const other = readHolder(breaker);
    // A takeover whose process died half-way (a window of microseconds) must not block every later start.
    if (!other || !isAlive(other)) rmSync(breaker, { force: true });
    return;
  }
  try {
    const again = readHolder(path);
    // Still the same dead holder (or still unreadable): nobody else replaced it meanwhile.
    if (again?.token === stale?.token && !(again && isAlive(again))) rmSync(path, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

function lockOf(dataDir: string, holder: DataDirHolder): DataDirLock {
  const path = lockPathOf(dataDir);
  ownTokens.set(dataDir, holder.token);
  let released = false;
  // A process that exits without stopping its server (an uncaught error) still gives the directory back.
  const onExit = () => release();
  process.once('exit', onExit);
  function release() {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    ownTokens.delete(dataDir);
    if (readHolder(path)?.token === holder.token) rmSync(path, { force: true });
  }
  return {
    holder,
    advertise(url: string) {
      holder.url = url;
      const temporary = `${path}.${process.pid}.${randomUUID()}`;
      writeFileSync(temporary, JSON.stringify(holder));
      renameSync(temporary, path);
    },
    release,
  };
}

/** One line naming the holder, for refusals. */
export function describeHolder(holder: DataDirHolder): string {
  return `process ${holder.pid} (${holder.command}, since ${holder.startedAt}${holder.url ? `, serving ${holder.url}` : ''})`;
}
