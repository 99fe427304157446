import { afterEach, describe, expect, it, vi } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { cliWording } from '../../src/cli/options.js';
import { AegisError, option } from '../../src/index.js';

/** What the Output wrote to stderr while `write` ran. */
function stderrOf(write: (output: Output) => void): string {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    write(new Output({ json: false, quiet: false, color: false }));
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('Output keeps passwords out of stderr', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the AEGIS_DEBUG stack of an unexpected error is redacted', () => {
    const error = new Error('connect failed for postgres://app:s3cret@db.internal:5432/aegis');
    const text = stderrOf((output) => output.stack(error));
    expect(text).toContain('postgres://app:');
    expect(text).toContain('at ');
    expect(text).not.toContain('s3cret');
  });

  it('an error line and its detail are redacted', () => {
    const text = stderrOf((output) =>
      output.error(new AegisError('CONNECTION', 'cannot reach password=hunter2 host=db', { detail: 'url: postgres://u:hunter2@h/d' })),
    );
    expect(text).toMatch(/^error: cannot reach/);
    expect(text).not.toContain('hunter2');
  });
});

describe('an option the library names', () => {
  afterEach(() => vi.restoreAllMocks());

  const refusal = () =>
    new AegisError('REFUSED', `${option('traceOn', 'server')} needs a server`, {
      hint: `pass ${option('force', true)}, or raise ${option('lockWait')}`,
    });

  it('reads in the library terms in the message and hint', () => {
    const error = refusal();
    expect(error.message).toBe('traceOn: "server" needs a server');
    expect(error.hint).toBe('pass force: true, or raise lockWait');
  });

  it('is the flag on the CLI', () => {
    expect(stderrOf((output) => output.error(refusal()))).toBe(
      'error: --trace-on server needs a server — pass --force, or raise --lock-wait\n',
    );
    expect(cliWording(refusal())).toEqual({ message: '--trace-on server needs a server', hint: 'pass --force, or raise --lock-wait' });
  });

  it('keeps its mark through an error that wraps it', () => {
    const inner = refusal();
    const outer = new AegisError(inner.code, `tracing: ${inner.text.message}`, { hint: inner.text.hint! });
    expect(outer.message).toBe('tracing: traceOn: "server" needs a server');
    expect(cliWording(outer).message).toBe('tracing: --trace-on server needs a server');
  });
});
