import { createServer, type Server, type Socket } from 'node:net';
import { randomInt } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import {
  authenticationOk,
  backendKeyData,
  backendMessages,
  CANCEL_REQUEST,
  COPY_FAIL,
  GSS_REQUEST,
  noticeMessage,
  parameterStatus,
  PROTOCOL_3,
  readyForQuery,
  renameStatement,
  sqlTextOf,
  SSL_REQUEST,
  startupParameters,
  SYNC,
  textResult,
  type ProtocolNotice,
} from './wire-messages.js';
import { sessionChanges, type SessionChanges } from './session-changes.js';

export interface SessionServerOptions {
  db: PGlite;
  host: string;
  port: number;
  /** A client idle inside a transaction longer than this is ended (SQLSTATE 25P03). */
  idleInTransactionTimeoutMs: number;
  maxConnections?: number;
  /** Runs work that needs the engine to itself (e.g. pg_dump), answering `-- aegis-db:<name> <json>` queries. */
  commands?: Record<string, (args: unknown) => Promise<string>>;
  onEvent?: (text: string) => void;
  /** Do not keep the process alive just to serve (test databases: a forgotten close() does not hang the run). */
  unref?: boolean;
}

type Status = 'I' | 'T' | 'E';

interface Client {
  id: number;
  socket: Socket;
  buffer: Buffer;
  started: boolean;
  applicationName: string;
  /** Settings from the startup packet, applied whenever this client's session is loaded. */
  startupSettings: Record<string, string>;
  /** Settings captured from the engine the last time this client's session was unloaded. */
  settings: Record<string, string>;
  role: string;
  sessionAuthorization: string;
  customNames: Set<string>;
  /** What this client's statements may have changed since its session state was last captured. */
  changed: SessionChanges;
  temporaryRelations: Map<number, { name: string; kind: string }>;
  preparedStatements: Set<string>;
  pending: Buffer[];
  waitingSince: number | undefined;
  warned: boolean;
  closed: boolean;
}

const NOT_RESTORED = new Set(['transaction_isolation', 'transaction_read_only', 'transaction_deferrable', 'application_name']);
const STARTUP_NOT_SETTINGS = new Set(['user', 'database', 'replication', 'options', 'application_name', 'fallback_application_name']);
const DROP_KIND: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE', f: 'FOREIGN TABLE' };

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Serves one PGlite (one PostgreSQL backend) to many wire-protocol clients, one client at a time:
 * a client owns the engine from its first message until the engine is idle again outside a transaction
 * (or, while it holds a session advisory lock, until it releases it). Between owners, the session state
 * the previous client set (settings, role) is saved and the next client's is put back, so each client
 * sees its own; when a client leaves, what it left behind (open transaction, temporary relations,
 * prepared statements, advisory locks, settings) is removed.
 */
export class EmbeddedSessionServer {
  private readonly db: PGlite;
  private readonly options: SessionServerOptions;
  private server: Server | undefined;
  private readonly clients = new Set<Client>();
  private nextId = 1;
  private parameters: [string, string][] = [];
  private defaults = { role: 'none', sessionAuthorization: '' };
  /** The client whose turn it is: others wait until it is done. */
  private owner: Client | undefined;
  /** The client whose session state the engine holds now. */
  private loaded: Client | undefined;
  /** The engine's session differs from its defaults (settings or role changed since the last reset). */
  private engineDirty = false;
  private status: Status = 'I';
  private midBatch = false;
  private copyIn = false;
  private advisoryPinned = false;
  private ownerSince = 0;
  private idleSince = 0;
  private running = false;
  private readonly cleanups: Client[] = [];
  private timer: NodeJS.Timeout | undefined;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  constructor(options: SessionServerOptions) {
    this.db = options.db;
    this.options = options;
  }

  async start(): Promise<number> {
    await this.readServerParameters();
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    if (this.options.unref) server.unref();
    this.timer = setInterval(() => this.watch(), 200);
    this.timer.unref();
    const address = server.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const server = this.server;
    this.server = undefined;
    for (const client of this.clients) client.socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.idle;
  }

  /** Resolves once every disconnected client has been cleaned up and no statement is running. */
  async settled(): Promise<void> {
    while (this.server && (this.running || this.cleanups.length > 0)) {
      if (!this.running) void this.pump();
      await this.idle;
    }
  }

  /** How many clients are connected now (a leaked connection would show here). */
  get connectionCount(): number {
    return this.clients.size;
  }

  private async readServerParameters(): Promise<void> {
    const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
    const packet = Buffer.alloc(8 + params.length);
    packet.writeInt32BE(packet.length, 0);
    packet.writeInt32BE(PROTOCOL_3, 4);
    params.copy(packet, 8);
    const response = await this.db.execProtocolRaw(packet);
    for (const [type, body] of backendMessages(response)) {
      if (type !== 'S') continue;
      const nameEnd = body.indexOf(0);
      this.parameters.push([body.toString('utf8', 0, nameEnd), body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1))]);
    }
    const { rows } = await this.db.query<{ role: string; auth: string }>(
      `SELECT current_setting('role') AS role, current_setting('session_authorization') AS auth`,
    );
    this.defaults = { role: rows[0]!.role, sessionAuthorization: rows[0]!.auth };
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const client: Client = {
      id: this.nextId++,
      socket,
      buffer: Buffer.alloc(0),
      started: false,
      applicationName: '',
      startupSettings: {},
      settings: {},
      role: this.defaults.role,
      sessionAuthorization: this.defaults.sessionAuthorization,
      customNames: new Set(),
      changed: { settings: false, temporary: false, prepared: false, advisory: false, customNames: [] },
      temporaryRelations: new Map(),
      preparedStatements: new Set(),
      pending: [],
      waitingSince: undefined,
      warned: false,
      closed: false,
    };
    if (this.clients.size >= (this.options.maxConnections ?? 100)) {
      socket.end(noticeMessage('E', { severity: 'FATAL', code: '53300', message: 'sorry, too many clients already' }));
      return;
    }
    this.clients.add(client);
    socket.on('data', (data) => this.receive(client, data));
    socket.on('error', () => this.disconnect(client));
    socket.on('close', () => this.disconnect(client));
  }

  private receive(client: Client, data: Buffer): void {
    if (client.closed) return;
    client.buffer = client.buffer.length === 0 ? data : Buffer.concat([client.buffer, data]);
    for (;;) {
      const buffer = client.buffer;
      if (!client.started) {
        if (buffer.length < 8) break;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) break;
        const packet = buffer.subarray(0, length);
        client.buffer = buffer.subarray(length);
        const code = packet.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          client.socket.write('N');
        } else if (code === PROTOCOL_3) {
          this.greet(client, startupParameters(packet));
        } else {
          // Cancel requests cannot interrupt a statement running inside the engine; other codes are unknown.
          if (code !== CANCEL_REQUEST)
            client.socket.write(noticeMessage('E', { severity: 'FATAL', code: '08P01', message: `unsupported frontend protocol ${code}` }));
          this.disconnect(client);
          return;
        }
        continue;
      }
      if (buffer.length < 5) break;
      const total = 1 + buffer.readInt32BE(1);
      if (buffer.length < total) break;
      const frame = Buffer.from(buffer.subarray(0, total));
      client.buffer = buffer.subarray(total);
      if (frame[0] === 0x58 /* Terminate */) {
        this.disconnect(client);
        return;
      }
      if (client.pending.length === 0 && client !== this.owner) client.waitingSince ??= Date.now();
      client.pending.push(frame);
    }
    void this.pump();
  }

  private greet(client: Client, params: Map<string, string>): void {
    client.started = true;
    client.applicationName = params.get('application_name') ?? params.get('fallback_application_name') ?? '';
    for (const [name, value] of params) {
      if (STARTUP_NOT_SETTINGS.has(name) || (name === 'client_encoding' && /^utf-?8$/i.test(value))) continue;
      client.startupSettings[name] = value;
    }
    for (const match of (params.get('options') ?? '').matchAll(/(?:-c\s*|--)([\w.]+)=(\S+)/g))
      client.startupSettings[match[1]!] = match[2]!;
    const out = [authenticationOk()];
    for (const [name, value] of this.parameters)
      out.push(parameterStatus(name, name === 'application_name' ? client.applicationName : value));
    out.push(backendKeyData(client.id, randomInt(1, 2 ** 31)), readyForQuery('I'));
    client.socket.write(Buffer.concat(out));
  }

  private disconnect(client: Client): void {
    if (client.closed) return;
    client.closed = true;
    client.pending = [];
    this.clients.delete(client);
    if (!client.socket.destroyed) client.socket.destroy();
    this.cleanups.push(client);
    void this.pump();
  }

  /** Ends a client with a FATAL error, as PostgreSQL does when it terminates a session. */
  private terminate(client: Client, notice: ProtocolNotice): void {
    this.options.onEvent?.(`ended client #${client.id} (${client.applicationName || 'no application_name'}): ${notice.message}`);
    client.socket.end(noticeMessage('E', notice));
    this.disconnect(client);
  }

  private next(): Client | undefined {
    if (this.owner) return this.owner.pending.length > 0 ? this.owner : undefined;
    let oldest: Client | undefined;
    for (const client of this.clients) {
      if (client.pending.length > 0 && (!oldest || (client.waitingSince ?? 0) < (oldest.waitingSince ?? 0))) oldest = client;
    }
    return oldest;
  }

  private async pump(): Promise<void> {
    if (this.running || !this.server) return;
    this.running = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    try {
      for (;;) {
        const gone = this.cleanups.shift();
        if (gone) {
          await this.guard(() => this.cleanUp(gone));
          continue;
        }
        const client = this.next();
        if (!client) break;
        if (client !== this.loaded) {
          const previous = this.loaded;
          if (previous && !previous.closed) {
            await this.guard(() => this.unload(previous));
            if (this.advisoryPinned) {
              this.owner = previous;
              continue;
            }
          }
          await this.guard(() => this.load(client));
        }
        if (this.owner !== client) {
          this.owner = client;
          this.ownerSince = Date.now();
        }
        client.waitingSince = undefined;
        client.warned = false;
        const frame = client.pending.shift()!;
        await this.execute(client, frame);
      }
    } finally {
      this.running = false;
      this.markIdle();
    }
  }

  /** Internal work on the engine must never wedge the queue: a failure is reported and the loop goes on. */
  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.options.onEvent?.(`session bookkeeping failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async execute(client: Client, original: Buffer): Promise<void> {
    const text = sqlTextOf(original);
    if (text !== undefined) {
      const command = /^--\s*aegis-db:([a-z-]+)\s*(.*)$/s.exec(text);
      if (command && original[0] === 0x51 && this.options.commands?.[command[1]!]) {
        await this.runCommand(client, command[1]!, command[2]!);
        return;
      }
      const changes = sessionChanges(text);
      client.changed.settings ||= changes.settings;
      client.changed.temporary ||= changes.temporary;
      client.changed.prepared ||= changes.prepared;
      client.changed.advisory ||= changes.advisory;
      for (const name of changes.customNames) client.customNames.add(name);
      if (changes.customNames.length > 0) client.changed.settings = true;
      if (changes.settings) this.engineDirty = true;
    }
    let frame = original;
    if (original[0] === 0x50 || original[0] === 0x42 || original[0] === 0x44 || original[0] === 0x43) {
      frame = renameStatement(original, (name) => {
        const renamed = `c${client.id}_${name}`;
        if (original[0] === 0x50) client.preparedStatements.add(renamed);
        return renamed;
      });
    }
    let response: Uint8Array;
    try {
      response = await this.db.runExclusive(() => this.db.execProtocolRaw(frame));
    } catch (error) {
      // The engine threw instead of answering: this client's protocol state is unknown, so it is ended.
      this.terminate(client, {
        severity: 'FATAL',
        code: 'XX000',
        message: `the embedded engine failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    this.track(response);
    if (!client.closed) client.socket.write(response);
    this.idleSince = Date.now();
    if (!this.midBatch && !this.copyIn && this.status === 'I') {
      this.owner = undefined;
      this.advisoryPinned = false;
      if (client.pending.length > 0) client.waitingSince = Date.now();
    }
  }

  private track(response: Uint8Array): void {
    // CopyData during COPY FROM STDIN gets no answer at all: still copying.
    if (response.length === 0 && this.copyIn) return;
    let sawReady = false;
    let last = '';
    for (const [type, body] of backendMessages(response)) {
      last = type;
      if (type === 'Z') {
        sawReady = true;
        this.status = String.fromCharCode(body[0]!) as Status;
      }
    }
    this.copyIn = last === 'G';
    this.midBatch = !sawReady && !this.copyIn;
  }

  private async runCommand(client: Client, name: string, argumentText: string): Promise<void> {
    let out: Buffer;
    if (this.status !== 'I') {
      out = noticeMessage('E', { severity: 'ERROR', code: '25001', message: `aegis-db:${name} cannot run inside a transaction` });
    } else {
      await this.guard(() => this.unload(client));
      await this.guard(() => this.resetEngine());
      try {
        out = textResult(name, await this.options.commands![name]!(argumentText ? JSON.parse(argumentText) : {}));
      } catch (error) {
        out = noticeMessage('E', { severity: 'ERROR', code: 'XX000', message: error instanceof Error ? error.message : String(error) });
      }
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => {});
      // pg_dump changed the session (search_path, timeouts, DateStyle): back to the defaults.
      this.engineDirty = true;
      await this.guard(() => this.resetEngine());
      await this.guard(() => this.load(client));
    }
    if (!client.closed) client.socket.write(Buffer.concat([out, readyForQuery(this.status)]));
    this.owner = undefined;
  }

  /** Saves what the loaded client may have changed in the engine's session, so it can be put back later. */
  private async unload(client: Client): Promise<void> {
    const { changed } = client;
    if (changed.settings) {
      const { rows } = await this.db.query<{
        settings: Record<string, string> | null;
        role: string;
        auth: string;
        custom: Record<string, string> | null;
      }>(
        `SELECT (SELECT json_object_agg(name, setting) FROM pg_settings WHERE source = 'session') AS settings,
                current_setting('role') AS role, current_setting('session_authorization') AS auth,
                (SELECT json_object_agg(n, current_setting(n, true)) FROM unnest($1::text[]) AS n WHERE current_setting(n, true) <> '') AS custom`,
        [[...client.customNames]],
      );
      const row = rows[0]!;
      const settings = { ...(row.settings ?? {}), ...(row.custom ?? {}) };
      for (const name of NOT_RESTORED) delete settings[name];
      client.settings = settings;
      client.role = row.role;
      client.sessionAuthorization = row.auth;
    }
    if (changed.temporary) {
      const { rows } = await this.db.query<{ oid: number; name: string; kind: string }>(
        `SELECT c.oid, c.relname AS name, c.relkind AS kind FROM pg_class c WHERE c.relnamespace = pg_my_temp_schema() AND c.relkind IN ('r','p','v','m','S','f')`,
      );
      const known = new Set<number>();
      for (const other of this.clients) if (other !== client) for (const oid of other.temporaryRelations.keys()) known.add(oid);
      client.temporaryRelations = new Map(
        rows.filter((row) => !known.has(row.oid)).map((row) => [row.oid, { name: row.name, kind: row.kind }]),
      );
    }
    if (changed.prepared) {
      const { rows } = await this.db.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE from_sql`);
      const known = new Set<string>();
      for (const other of this.clients) if (other !== client) for (const name of other.preparedStatements) known.add(name);
      for (const row of rows) if (!known.has(row.name)) client.preparedStatements.add(row.name);
    }
    if (changed.advisory) {
      const { rows } = await this.db.query<{ held: number }>(
        `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
      );
      this.advisoryPinned = rows[0]!.held > 0;
      // Until it releases them, the holder keeps the engine; the flag stays so later turns check again.
      if (!this.advisoryPinned) changed.advisory = false;
    }
    changed.settings = false;
    changed.temporary = false;
    changed.prepared = false;
    changed.customNames = [];
  }

  private async resetEngine(): Promise<void> {
    if (this.engineDirty) await this.db.exec('RESET SESSION AUTHORIZATION; RESET ROLE; RESET ALL;');
    this.engineDirty = false;
    this.loaded = undefined;
  }

  /** Puts the client's own session state into the engine. */
  private async load(client: Client): Promise<void> {
    await this.resetEngine();
    const settings = { ...client.startupSettings, ...client.settings };
    const statements: string[] = [];
    if (Object.keys(settings).length > 0) {
      statements.push(`SELECT set_config(key, value, false) FROM json_each_text(${quoteLiteral(JSON.stringify(settings))}::json)`);
    }
    if (client.sessionAuthorization !== this.defaults.sessionAuthorization)
      statements.push(`SET SESSION AUTHORIZATION ${quoteIdent(client.sessionAuthorization)}`);
    if (client.role !== this.defaults.role) statements.push(`SET ROLE ${quoteIdent(client.role)}`);
    if (statements.length > 0) {
      this.engineDirty = true;
      await this.db.exec(statements.join(';\n'));
    }
    this.loaded = client;
  }

  /** Removes everything a departed client left in the engine. */
  private async cleanUp(client: Client): Promise<void> {
    if (this.owner === client) {
      if (this.copyIn) await this.db.execProtocolRaw(COPY_FAIL);
      if (this.midBatch || this.copyIn) this.track(await this.db.execProtocolRaw(SYNC));
      if (this.status !== 'I') await this.db.exec('ROLLBACK');
      this.status = 'I';
      this.midBatch = false;
      this.copyIn = false;
      this.owner = undefined;
      this.advisoryPinned = false;
    }
    if (this.clients.size === 0) {
      // Nobody else is connected: the whole session can go, including anything that was not traced.
      await this.db.exec('DISCARD ALL');
      this.engineDirty = false;
      this.loaded = undefined;
      return;
    }
    if (this.loaded === client) {
      await this.unload(client);
      if (client.changed.advisory || this.advisoryPinned) await this.db.query('SELECT pg_advisory_unlock_all()');
      this.advisoryPinned = false;
      this.engineDirty = true;
      await this.resetEngine();
    } else if (this.loaded && (client.temporaryRelations.size > 0 || client.preparedStatements.size > 0)) {
      // Drop as the engine's own user, then put the loaded client's session back.
      const loaded = this.loaded;
      await this.unload(loaded);
      this.engineDirty = true;
      await this.resetEngine();
    }
    const drops: string[] = [];
    for (const { name, kind } of client.temporaryRelations.values())
      drops.push(`DROP ${DROP_KIND[kind] ?? 'TABLE'} IF EXISTS pg_temp.${quoteIdent(name)} CASCADE`);
    if (drops.length > 0) await this.db.exec(drops.join(';\n'));
    const { rows } = await this.db.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE name = ANY($1::text[])', [
      [...client.preparedStatements],
    ]);
    for (const row of rows) await this.db.exec(`DEALLOCATE ${quoteIdent(row.name)}`);
  }

  /** Ends idle transaction holders past the bound, and tells waiting clients why they wait. */
  private watch(): void {
    const now = Date.now();
    const owner = this.owner;
    if (owner && !this.running && owner.pending.length === 0) {
      const idleMs = now - this.idleSince;
      const bound = this.options.idleInTransactionTimeoutMs;
      const waiting = [...this.clients].some((client) => client.pending.length > 0);
      if (bound > 0 && idleMs > bound && (this.status !== 'I' || this.midBatch || this.copyIn)) {
        this.terminate(owner, {
          severity: 'FATAL',
          code: '25P03',
          message: 'terminating connection due to idle-in-transaction timeout',
          detail: `the embedded database serves one transaction at a time; this one was idle for ${Math.round(idleMs / 1000)} s (bound ${bound} ms)`,
        });
        return;
      }
      if (bound > 0 && idleMs > bound && this.advisoryPinned && waiting) {
        this.terminate(owner, {
          severity: 'FATAL',
          code: '57P05',
          message: 'terminating connection due to idle-session timeout',
          detail: `it held a session advisory lock on the embedded database, idle for ${Math.round(idleMs / 1000)} s while other clients waited`,
        });
        return;
      }
    }
    for (const client of this.clients) {
      if (
        client.warned ||
        client.pending.length === 0 ||
        client.waitingSince === undefined ||
        now - client.waitingSince < 1000 ||
        !owner ||
        owner === client
      )
        continue;
      client.warned = true;
      client.socket.write(noticeMessage('N', { severity: 'WARNING', code: '01000', message: this.busyMessage(owner) }));
    }
  }

  private busyMessage(owner: Client): string {
    const who = `client #${owner.id} (${owner.applicationName || 'no application_name'})`;
    const since = new Date(this.ownerSince).toISOString();
    const what =
      this.status !== 'I'
        ? `holds an open transaction since ${since}`
        : this.advisoryPinned
          ? `holds a session advisory lock since ${since}`
          : `is running a statement since ${since}`;
    const bound = this.options.idleInTransactionTimeoutMs;
    return `the embedded database is busy: ${who} ${what}; waiting (it serves one transaction at a time${bound > 0 ? `; a transaction idle for ${bound / 1000} s is ended` : ''})`;
  }
}
