/** A TSDoc block for `lines` (empty lines dropped at the ends), indented by `indent`; '' when there is nothing to say. */
export function tsdoc(lines: Array<string | null | undefined>, indent = ''): string {
  const body = lines
    .filter((line): line is string => line !== null && line !== undefined)
    .flatMap((line) => line.split('\n'))
    .map((line) => line.replace(/\*\//g, '*\\/').trimEnd());
  while (body.length > 0 && body[0] === '') body.shift();
  while (body.length > 0 && body.at(-1) === '') body.pop();
  if (body.length === 0) return '';
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}
