import type { Command } from 'commander';
import type { Config, ConfigFlags } from '../config/config.js';
import type { Engine } from '../database/engine.js';
import { Output } from './output.js';

/** Global flags every command accepts. */
export interface GlobalFlags extends ConfigFlags {
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

export interface CommandContext {
  config: Config;
  output: Output;
  flags: GlobalFlags;
}

export function outputFor(flags: GlobalFlags): Output {
  const color = flags.color !== false && !process.env.NO_COLOR && Boolean(process.stdout.isTTY);
  return new Output({ json: Boolean(flags.json), quiet: Boolean(flags.quiet), color });
}

export async function contextOf(command: Command): Promise<CommandContext> {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const { loadConfig } = await import('../config/config.js');
  return { config: loadConfig(flags), output: outputFor(flags), flags };
}

/** Opens the configured engine, says which one in one line, runs `work`, and always closes it. */
export async function withEngine<T>(context: CommandContext, work: (engine: Engine) => Promise<T>, options: { port?: number } = {}): Promise<T> {
  const { openEngine } = await import('../database/engine.js');
  const engine = await openEngine(context.config, options);
  context.output.note(`engine: ${engine.description}`);
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
