import { AegisError } from '../../errors/aegis-error.js';
import { lineColumn } from '../code-frame.js';
import { DOWN_MARKER } from '../migration-file.js';
import { HAZARD_IDS, isHazardId, type HazardId } from './hazard-rules.js';
import type { Finding } from './plan-report.js';
import { option } from '../../errors/option.js';

/** `-- aegis:allow-hazard table-rewrite, lock-held-across-statements -- why it is safe here` */
const ALLOW_COMMENT = /^[ \t]*--[ \t]*aegis:allow-hazard\b([^\n]*)/gm;
const IDS_THEN_REASON = /^\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s+--\s*(\S[^\n]*)$/;

export interface InlineAllow {
  id: HazardId;
  reason: string;
  line: number;
}

export interface AllowProblem {
  line: number;
  column: number;
  message: string;
}

export const ALLOW_FORM = '-- aegis:allow-hazard ID[, ID…] -- why it is safe here';

/** The allows written in a migration's Up part, and the malformed ones (no reason, unknown id). */
export function parseInlineAllows(text: string): { allows: InlineAllow[]; problems: AllowProblem[] } {
  const down = DOWN_MARKER.exec(text);
  const up = down ? text.slice(0, down.index) : text;
  const allows: InlineAllow[] = [];
  const problems: AllowProblem[] = [];
  for (const match of up.matchAll(ALLOW_COMMENT)) {
    const { line, column } = lineColumn(text, match.index + match[0].indexOf('--'));
    const parsed = IDS_THEN_REASON.exec(match[1]!);
    if (!parsed) {
      problems.push({ line, column, message: `"${match[0].trim()}" must name the hazards it allows and say why: ${ALLOW_FORM}` });
      continue;
    }
    for (const id of parsed[1]!.split(',').map((part) => part.trim())) {
      if (isHazardId(id)) allows.push({ id, reason: parsed[2]!.trim(), line });
      else problems.push({ line, column, message: `"${id}" is not a hazard id (one of: ${HAZARD_IDS.join(', ')})` });
    }
  }
  return { allows, problems };
}

/** Checks --allow-hazard ids; a typo must not silently allow nothing. */
export function checkAllowFlags(ids: readonly string[]): HazardId[] {
  const unknown = ids.filter((id) => !isHazardId(id));
  if (unknown.length > 0) {
    throw new AegisError('USAGE', `${option('allowHazards', unknown.join(', '))}: not a hazard id`, {
      hint: `use one of: ${HAZARD_IDS.join(', ')}`,
    });
  }
  return ids as HazardId[];
}

/** Marks the findings an --allow-hazard flag (every file) or an inline allow (its own file) allows. */
export function applyAllows(findings: Finding[], flags: readonly HazardId[], inline: Map<string, InlineAllow[]>): Finding[] {
  return findings.map((finding) => {
    if (flags.includes(finding.id)) return { ...finding, allowed: { by: 'flag' as const } };
    const allow = inline.get(finding.file)?.find((candidate) => candidate.id === finding.id);
    return allow ? { ...finding, allowed: { by: 'inline' as const, reason: allow.reason } } : finding;
  });
}
