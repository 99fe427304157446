/** PostgreSQL wire-protocol messages the embedded session server writes or reads itself. */

export const PROTOCOL_3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSS_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

export function message(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(5 + body.length);
  out.write(type, 0, 'latin1');
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

function cstring(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]);
}

export interface ProtocolNotice {
  severity: 'ERROR' | 'FATAL' | 'WARNING' | 'NOTICE';
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

/** ErrorResponse ('E') or NoticeResponse ('N'). */
export function noticeMessage(type: 'E' | 'N', notice: ProtocolNotice): Buffer {
  const fields: Buffer[] = [
    Buffer.from('S'),
    cstring(notice.severity),
    Buffer.from('V'),
    cstring(notice.severity),
    Buffer.from('C'),
    cstring(notice.code),
    Buffer.from('M'),
    cstring(notice.message),
  ];
  if (notice.detail) fields.push(Buffer.from('D'), cstring(notice.detail));
  if (notice.hint) fields.push(Buffer.from('H'), cstring(notice.hint));
  fields.push(Buffer.from([0]));
  return message(type, Buffer.concat(fields));
}

export function readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
  return message('Z', Buffer.from(status, 'latin1'));
}

export function authenticationOk(): Buffer {
  return message('R', Buffer.from([0, 0, 0, 0]));
}

export function parameterStatus(name: string, value: string): Buffer {
  return message('S', Buffer.concat([cstring(name), cstring(value)]));
}

export function backendKeyData(pid: number, key: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeInt32BE(pid, 0);
  body.writeInt32BE(key, 4);
  return message('K', body);
}

/** A one-column text result: RowDescription, one DataRow, CommandComplete. */
export function textResult(column: string, value: string): Buffer {
  const description = Buffer.concat([
    Buffer.from([0, 1]),
    cstring(column),
    Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 25, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0]),
  ]);
  const data = Buffer.from(value, 'utf8');
  const row = Buffer.alloc(6 + data.length);
  row.writeInt16BE(1, 0);
  row.writeInt32BE(data.length, 2);
  data.copy(row, 6);
  return Buffer.concat([message('T', description), message('D', row.subarray(0, 6 + data.length)), message('C', cstring('SELECT 1'))]);
}

/** Startup packet parameters (user, database, application_name, options, …). */
export function startupParameters(packet: Buffer): Map<string, string> {
  const params = new Map<string, string>();
  let offset = 8;
  while (offset < packet.length && packet[offset] !== 0) {
    const nameEnd = packet.indexOf(0, offset);
    const valueEnd = packet.indexOf(0, nameEnd + 1);
    if (nameEnd < 0 || valueEnd < 0) break;
    params.set(packet.toString('utf8', offset, nameEnd), packet.toString('utf8', nameEnd + 1, valueEnd));
    offset = valueEnd + 1;
  }
  return params;
}

/** Every backend message of a complete response, as [type, body]. */
export function* backendMessages(data: Uint8Array): Generator<[string, Buffer]> {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  while (offset + 5 <= buffer.length) {
    const length = buffer.readInt32BE(offset + 1);
    yield [String.fromCharCode(buffer[offset]!), buffer.subarray(offset + 5, offset + 1 + length)];
    offset += 1 + length;
  }
}

/** A frontend message whose prepared-statement name is rewritten by `rename` (Parse, Bind, Describe S, Close S). */
export function renameStatement(frame: Buffer, rename: (name: string) => string): Buffer {
  const type = String.fromCharCode(frame[0]!);
  const body = frame.subarray(5);
  const rebuild = (before: Buffer, name: string, after: Buffer) => {
    if (name === '') return frame;
    return message(type, Buffer.concat([before, cstring(rename(name)), after]));
  };
  if (type === 'P') {
    const end = body.indexOf(0);
    return rebuild(Buffer.alloc(0), body.toString('utf8', 0, end), body.subarray(end + 1));
  }
  if (type === 'B') {
    const portalEnd = body.indexOf(0);
    const nameEnd = body.indexOf(0, portalEnd + 1);
    return rebuild(body.subarray(0, portalEnd + 1), body.toString('utf8', portalEnd + 1, nameEnd), body.subarray(nameEnd + 1));
  }
  if ((type === 'D' || type === 'C') && body[0] === 0x53 /* 'S' */) {
    const end = body.indexOf(0, 1);
    return rebuild(body.subarray(0, 1), body.toString('utf8', 1, end), body.subarray(end + 1));
  }
  return frame;
}

/** The SQL text of a simple Query or a Parse message, undefined for other messages. */
export function sqlTextOf(frame: Buffer): string | undefined {
  const type = frame[0];
  const body = frame.subarray(5);
  if (type === 0x51 /* Q */) return body.toString('utf8', 0, Math.max(0, body.indexOf(0)));
  if (type === 0x50 /* P */) {
    const nameEnd = body.indexOf(0);
    return body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1));
  }
  return undefined;
}

export const SYNC = message('S', Buffer.alloc(0));
export const COPY_FAIL = message('f', cstring('client disconnected'));
