/** How SQL names become TypeScript names. Deterministic and dependency-free; irregular plurals are not guessed. */

function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

export function pascalCase(name: string): string {
  return words(name)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

export function constantCase(name: string): string {
  return words(name)
    .map((word) => word.toUpperCase())
    .join('_');
}

/** users → user, guard_profiles → guard_profile, job_status_history → job_status_history, statuses → status. */
export function singular(name: string): string {
  const match = /^(.*?)([A-Za-z]+)$/.exec(name);
  if (!match) return name;
  const [, head, last] = match as unknown as [string, string, string];
  let word = last;
  if (/[^aeiou]ies$/i.test(word)) word = word.slice(0, -3) + 'y';
  else if (/(ss|x|ch|sh|us)es$/i.test(word)) word = word.slice(0, -2);
  else if (/[^su]s$/i.test(word)) word = word.slice(0, -1);
  return head + word;
}

/** role → roles, status → statuses, history → histories. */
export function plural(name: string): string {
  if (/(s|x|ch|sh)$/i.test(name)) return name + 'es';
  if (/[^aeiou]y$/i.test(name)) return name.slice(0, -1) + 'ies';
  return name + 's';
}

/** A property key as TypeScript source: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name);
}

/** The names generated for one table, e.g. users → User, UserInsert, UserUpdate, PublicUser, userSchema. */
export function tableNames(table: string) {
  const type = pascalCase(singular(table));
  const value = camelCase(singular(table));
  return {
    row: type,
    insert: `${type}Insert`,
    update: `${type}Update`,
    publicRow: `Public${type}`,
    table: `${type}Table`,
    rowSchema: `${value}Schema`,
    insertSchema: `${value}InsertSchema`,
    updateSchema: `${value}UpdateSchema`,
    publicSchema: `public${type}Schema`,
    insertJsonSchema: `${value}InsertJsonSchema`,
    updateJsonSchema: `${value}UpdateJsonSchema`,
  };
}

/** The names generated for one enum, e.g. job_status → JobStatus, JOB_STATUSES, jobStatusSchema. */
export function enumNames(enumName: string) {
  return {
    type: pascalCase(enumName),
    values: constantCase(plural(enumName)),
    schema: `${camelCase(enumName)}Schema`,
  };
}

/** A string literal as TypeScript source, single-quoted. */
export function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
