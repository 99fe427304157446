/** The compiler options of a strict service consuming aegis-db's types (strict, exactOptionalPropertyTypes, NodeNext). */
export const STRICT_CONSUMER_OPTIONS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  target: 'ES2022',
  lib: ['ES2023'],
  types: ['node'],
  noEmit: true,
  skipLibCheck: true,
  verbatimModuleSyntax: true,
} as const;
