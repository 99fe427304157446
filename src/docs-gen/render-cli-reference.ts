import type { Command } from 'commander';

const HELP_WIDTH = 100;

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => HELP_WIDTH, getOutHasColors: () => false });
  command.outputHelp();
  return text.trimEnd();
}

function walk(command: Command, path: string[], out: { path: string[]; command: Command }[]): void {
  out.push({ path, command });
  for (const sub of command.commands) walk(sub, [...path, sub.name()], out);
}

/** docs/cli.md: the `--help` of every command and subcommand of `program`, in registration order. */
export function renderCliReference(program: Command): string {
  const entries: { path: string[]; command: Command }[] = [];
  walk(program, [program.name()], entries);
  const lines = ['# CLI reference', '', '<!-- Generated from `aegis-db --help` of every command by `npm run docs`; do not edit. -->', ''];
  for (const entry of entries.slice(1)) {
    const anchor = entry.path.join('-');
    lines.push(`- [\`${entry.path.join(' ')}\`](#${anchor})`);
  }
  lines.push('');
  for (const entry of entries) {
    lines.push(`## ${entry.path.join(' ')}`, '', '```text', helpOf(entry.command), '```', '');
  }
  return lines.join('\n');
}
