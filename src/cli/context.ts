import type { Command } from 'commander';
import {
  databaseTarget,
  listenToServerNotices,
  loadConfig,
  openEngine,
  type Config,
  type ConfigFlags,
  type DatabaseTarget,
  type Engine,
} from '../index.js';
import { outputFor, type Output, type OutputFlags } from './output.js';

/** Global flags every command accepts. */
export interface GlobalFlags extends ConfigFlags, OutputFlags {}

export interface CommandContext {
  config: Config;
  output: Output;
  flags: GlobalFlags;
}

export function contextOf(command: Command): CommandContext {
  const flags = command.optsWithGlobals<GlobalFlags>();
  return { config: loadConfig(flags), output: outputFor(flags), flags };
}

/** An open engine and the one target every library operation of the command connects through. */
export interface OpenEngine extends Engine {
  target: DatabaseTarget;
}

/** Opens the configured engine, says which one in one line, runs `work`, and always closes it. */
export async function withEngine<T>(
  context: CommandContext,
  work: (engine: OpenEngine) => Promise<T>,
  options: { port?: number } = {},
): Promise<T> {
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
