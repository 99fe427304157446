import { createServer, type Server, type Socket } from 'node:net';

/**
 * Stand-ins for network conditions the local PostgreSQL cannot produce (it trusts every local user):
 * they speak just enough of the wire protocol to put the real `pg` client in that situation.
 */
export interface FakeServer {
  port: number;
  close(): Promise<void>;
}

async function listen(server: Server, sockets: Set<Socket>): Promise<FakeServer> {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts connections and never answers: a host that hangs. */
export function silentServer(): Promise<FakeServer> {
  return listen(
    createServer(() => {}),
    new Set(),
  );
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/** Asks for a cleartext password, then rejects it the way PostgreSQL does (SQLSTATE 28P01). */
export function passwordRejectingServer(): Promise<FakeServer> {
  const server = createServer((socket) => {
    let stage: 'startup' | 'password' = 'startup';
    socket.on('data', () => {
      if (stage === 'startup') {
        stage = 'password';
        const ask = Buffer.alloc(9);
        ask.write('R', 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5);
        socket.write(ask);
      } else {
        socket.end(errorResponse('28P01', 'password authentication failed for user "postgres"'));
      }
    });
    socket.on('error', () => {});
  });
  return listen(server, new Set());
}
