import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { dumpDatabase } from '../../index.js';
import { contextOf } from '../context.js';

interface DumpFlags {
  schemaOnly?: boolean;
  dataOnly?: boolean;
  out?: string;
}

/** Prints (or writes) a pg_dump of the embedded database, running or stopped. */
export async function dumpCommand(command: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.opts<DumpFlags>();
  const dump = await dumpDatabase(context.config, { schemaOnly: Boolean(flags.schemaOnly), dataOnly: Boolean(flags.dataOnly) });
  const { output } = context;
  if (flags.out) {
    const path = resolve(flags.out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, dump);
    output.json({ path, bytes: Buffer.byteLength(dump) });
    output.note(`wrote ${flags.out} (${Buffer.byteLength(dump)} bytes)`);
  } else if (output.options.json) {
    output.json({ dump });
  } else {
    output.data(dump);
  }
}
