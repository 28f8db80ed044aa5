import { connect } from 'node:net';

/** Redis's first reply to `command` (inline, e.g. `PING`) sent by a client that never authenticated. */
export function unauthenticatedReply(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().trim());
    });
  });
}
