import type pg from 'pg';

/** A result column as PostgreSQL's RowDescription reports it. */
export interface DescribedField {
  name: string;
  /** The table the column comes from (0 for an expression) and the column's attnum in it. */
  tableID: number;
  columnID: number;
  dataTypeID: number;
  /** The type modifier (-1 when none), e.g. geography(Point,4326) or varchar(100). */
  dataTypeModifier: number;
}

export interface StatementDescription {
  /** The type OID PostgreSQL inferred for each `$n`, in order. */
  parameterTypes: number[];
  /** The result columns; empty for a statement that returns no rows. */
  fields: DescribedField[];
}

// The slice of pg's Connection the extended protocol needs; pg does not type it publicly.
interface ProtocolConnection {
  parse(message: { name: string; text: string; types: number[] }): void;
  describe(message: { type: 'S'; name: string }): void;
  sync(): void;
  on(event: string, listener: (message: never) => void): unknown;
  removeListener(event: string, listener: (message: never) => void): unknown;
}

/**
 * Asks PostgreSQL to parse and describe `text` without running it (Parse, Describe statement, Sync on the
 * unnamed statement), as a pg "submittable" so it queues like any other query on `client`.
 * Rejects with PostgreSQL's error (with its `position`) when the statement does not prepare.
 */
export function describeStatement(client: pg.ClientBase, text: string): Promise<StatementDescription> {
  return new Promise((resolve, reject) => {
    let connection: ProtocolConnection | undefined;
    let parameterTypes: number[] = [];
    let fields: DescribedField[] = [];
    const onParameters = (message: { dataTypeIDs: number[] }) => {
      parameterTypes = [...message.dataTypeIDs];
    };
    const detach = () => connection?.removeListener('parameterDescription', onParameters);
    const noop = () => {};
    const submittable = {
      submit(con: ProtocolConnection) {
        connection = con;
        con.on('parameterDescription', onParameters);
        con.parse({ name: '', text, types: [] });
        con.describe({ type: 'S', name: '' });
        con.sync();
      },
      handleRowDescription(message: { fields: DescribedField[] }) {
        fields = message.fields.map(({ name, tableID, columnID, dataTypeID, dataTypeModifier }) => ({
          name,
          tableID,
          columnID,
          dataTypeID,
          dataTypeModifier,
        }));
      },
      // pg ends the query on an error: ReadyForQuery then goes to no one, so this is the last call.
      handleError(error: Error) {
        detach();
        reject(error);
      },
      handleReadyForQuery() {
        detach();
        resolve({ parameterTypes, fields });
      },
      handleDataRow: noop,
      handleCommandComplete: noop,
      handleEmptyQuery: noop,
      handlePortalSuspended: noop,
      handleCopyInResponse: noop,
      handleCopyData: noop,
    };
    client.query(submittable as unknown as pg.Submittable);
  });
}
