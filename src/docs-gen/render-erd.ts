import type { ErdModel } from './erd-model.js';

// Mermaid attribute types allow letters, digits, _ - ( ) [ ] only: geography(Point,4326) becomes
// geography and the full type moves to the attribute's comment.
function mermaidType(type: string): { token: string; comment: string | null } {
  const token = type.replace(/\s+/g, '_');
  if (/^[A-Za-z_][A-Za-z0-9_\-()[\]]*$/.test(token)) return { token, comment: null };
  return { token: token.replace(/\(.*$/, '').replace(/[^A-Za-z0-9_\-[\]]/g, '_'), comment: type };
}

/** docs/erd.md: a Mermaid erDiagram of the live schema, plus the enum labels it references. Pure. */
export function renderErd(model: ErdModel): string {
  const lines = [
    '# Entity-relationship diagram',
    '',
    '<!-- Generated from the live catalog of a freshly migrated database by `npm run docs`; do not edit. -->',
    '',
    'Keys: PK primary key, FK foreign key, UK unique. Partitions of partitioned tables are not shown.',
    '',
    '```mermaid',
    'erDiagram',
  ];
  for (const table of model.tables) {
    lines.push(`  ${table.name} {`);
    for (const column of table.columns) {
      const keys = [column.primaryKey && 'PK', column.foreignKey && 'FK', column.unique && 'UK'].filter(Boolean).join(', ');
      const type = mermaidType(column.type);
      const comment = [type.comment, column.nullable ? null : 'not null'].filter(Boolean).join(', ');
      lines.push(`    ${type.token} ${column.name}${keys ? ` ${keys}` : ''}${comment ? ` "${comment}"` : ''}`);
    }
    lines.push('  }');
  }
  for (const rel of model.relationships) {
    const parentSide = rel.required ? '||' : '|o';
    const childSide = rel.oneToOne ? 'o|' : 'o{';
    lines.push(`  ${rel.parent} ${parentSide}--${childSide} ${rel.child} : "${rel.columns.join(', ')}"`);
  }
  lines.push('```', '');
  if (model.tables.some((table) => table.partitioned)) {
    lines.push(
      `Partitioned: ${model.tables
        .filter((table) => table.partitioned)
        .map((table) => `\`${table.name}\``)
        .join(', ')} (daily range partitions, see docs/operations.md).`,
      '',
    );
  }
  if (model.enums.length > 0) {
    lines.push('## Enum types', '', '| type | labels (in order) |', '|---|---|');
    for (const item of model.enums) lines.push(`| \`${item.name}\` | ${item.labels.map((label) => `\`${label}\``).join(', ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}
