import type { Command } from 'commander';
import { lintMigrations } from '../../index.js';
import { contextOf } from '../context.js';
import { ReportedFailure } from '../run.js';

export async function lint(command: Command): Promise<void> {
  const context = contextOf(command);
  const result = await lintMigrations({ migrationsDir: context.config.migrationsDir, files: command.args });
  const { output } = context;
  output.json(result);
  for (const v of result.violations) {
    output.line(`${v.file}:${v.line}:${v.column}: ${output.paint('red', v.rule)} ${v.message}${v.source === 'squawk' ? ' (squawk)' : ''}`);
    if (v.help) output.line(`  ${output.paint('dim', `help: ${v.help}`)}`);
  }
  if (result.violations.length > 0) {
    const summary = `${result.violations.length} problem(s) in ${new Set(result.violations.map((v) => v.file)).size} of ${result.files.length} file(s)`;
    output.line(`${summary}. Fix them, or ignore a squawk rule with a reason: -- squawk-ignore rule-name -- why it is safe`);
    throw new ReportedFailure('LINT', summary);
  }
  output.line(`${result.files.length} migration file(s) checked: no problems.`);
}
