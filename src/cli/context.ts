import type { Command } from 'commander';
import type { Config, ConfigFlags } from '../config/config.js';
import type { Engine } from '../database/engine.js';
import type { DatabaseTarget } from '../database/target.js';
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

/** An open engine and the one target every library operation of the command connects through. */
export interface OpenEngine extends Engine {
  target: DatabaseTarget;
}

/** Opens the configured engine, says which one in one line, runs `work`, and always closes it. */
export async function withEngine<T>(context: CommandContext, work: (engine: OpenEngine) => Promise<T>, options: { port?: number } = {}): Promise<T> {
  const [{ openEngine }, { databaseTarget }, { listenToServerNotices }] = await Promise.all([
    import('../database/engine.js'),
    import('../database/target.js'),
    import('../database/server-notices.js'),
  ]);
  const engine = await openEngine(context.config, options);
  context.output.note(`engine: ${engine.description}`);
  const unlisten = listenToServerNotices((message) => context.output.warn(message));
  try {
    return await work({ ...engine, target: databaseTarget(engine.url, { connectTimeoutMs: context.config.connectTimeoutMs }) });
  } finally {
    unlisten();
    await engine.close();
  }
}
