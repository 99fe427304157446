import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ProcessTiming {
  ms: number;
  /** Peak resident set size of the child in MB (from /usr/bin/time), null when unavailable. */
  maxRssMb: number | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
const RSS_MARK = '__bench_max_rss_kb=';

export interface TimeProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Measure peak RSS through /usr/bin/time (adds ~1 ms of exec; only where memory is the figure). */
  measureRss?: boolean;
  /** Stop the clock when stdout matches (a server's "ready" line); the child is then sent SIGINT. */
  readyWhen?: RegExp;
  timeoutMs?: number;
}

/** Runs a command as a whole process and times it wall-clock, from spawn to exit (or to its ready line). */
export function timeProcess(command: string, args: readonly string[], options: TimeProcessOptions = {}): Promise<ProcessTiming> {
  const withRss = Boolean(options.measureRss) && existsSync(GNU_TIME);
  const [file, argv] = withRss ? [GNU_TIME, ['-f', `${RSS_MARK}%M`, command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let readyMs: number | undefined;
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (readyMs === undefined && options.readyWhen?.test(stdout)) {
        readyMs = performance.now() - started;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = readyMs ?? performance.now() - started;
      const match = new RegExp(`${RSS_MARK}(\\d+)`).exec(stderr);
      if (match) stderr = stderr.replace(match[0], '').trimEnd();
      resolve({ ms, maxRssMb: match ? Number(match[1]) / 1024 : null, code, stdout, stderr });
    });
  });
}

/** timeProcess that throws with the child's stderr when it exits non-zero (or never becomes ready). */
export async function timeProcessOk(command: string, args: readonly string[], options: TimeProcessOptions = {}): Promise<ProcessTiming> {
  const timing = await timeProcess(command, args, options);
  const failed = options.readyWhen ? !options.readyWhen.test(timing.stdout) : timing.code !== 0;
  if (failed) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${timing.code}): ${timing.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  }
  return timing;
}
