import type { GeneratedFile } from '../artifacts/generated-file.js';
import { AegisError } from '../errors/aegis-error.js';
import type { SchemaModel } from '../introspection/schema-model.js';
import { generateSchemas } from './generate-schemas.js';
import { generateTypes } from './generate-types.js';
import { enumNames, tableNames } from './naming.js';

export type { GeneratedFile };

function assertDistinctNames(model: SchemaModel): void {
  const seen = new Map<string, string>();
  const claim = (name: string, owner: string) => {
    const other = seen.get(name);
    if (other !== undefined && other !== owner) {
      throw new AegisError('CONFIG', `${owner} and ${other} would both generate the name ${name}`, {
        hint: 'rename one of them in a migration; generated names must be unique',
      });
    }
    seen.set(name, owner);
  };
  for (const table of model.tables)
    for (const name of Object.values(tableNames(table.name))) claim(name, `table ${table.schema}.${table.name}`);
  for (const enumModel of model.enums)
    for (const name of Object.values(enumNames(enumModel.name))) claim(name, `enum ${enumModel.schema}.${enumModel.name}`);
}

/** The generated files for a schema model (paths relative to the output folder): pure, no I/O, byte-identical for equal models. */
export function generate(model: SchemaModel): GeneratedFile[] {
  assertDistinctNames(model);
  return [
    { path: 'types.ts', content: generateTypes(model) },
    { path: 'schemas.ts', content: generateSchemas(model) },
  ];
}
