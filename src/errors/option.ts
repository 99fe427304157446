/**
 * The options a library function's error can name: each library function's own option name. The CLI
 * names each one by its flag (src/cli/options.ts holds the table), so adding a name here asks for its flag there.
 */
export type OptionName =
  | 'allowHazards'
  | 'anchor'
  | 'databaseUrl'
  | 'dataDir'
  | 'dataOnly'
  | 'dryRun'
  | 'force'
  | 'lockTimeout'
  | 'lockWait'
  | 'memory'
  | 'migrationsDir'
  | 'port'
  | 'reset'
  | 'schemaOnly'
  | 'seed'
  | 'snapshotPath'
  | 'statementTimeout'
  | 'to'
  | 'traceOn';

/** How an option is named in text: `value` is the value the text asks for (true for an on/off option), if any. */
export type OptionWording = (name: OptionName, value: string | true | undefined) => string;

/** The library's own terms, as in an options object: `force: true`, `traceOn: "server"`, `dataDir`. */
export const inLibraryTerms: OptionWording = (name, value) => (value === undefined ? name : `${name}: ${JSON.stringify(value)}`);

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = /\uE000(.*?)\uE001/g;

/**
 * An option named inside an AegisError's message or hint. The error reads in the library's terms
 * (AegisError's message and hint); AegisError.worded renders it with another wording (the CLI's flags).
 */
export function option(name: OptionName, value?: string | true): string {
  return `${OPEN}${JSON.stringify([name, value ?? null])}${CLOSE}`;
}

/** `text` with each option() in it named by `wording`. */
export function wordOptions(text: string, wording: OptionWording): string {
  return text.replace(MARK, (_, json: string) => {
    const [name, value] = JSON.parse(json) as [OptionName, string | true | null];
    return wording(name, value ?? undefined);
  });
}
