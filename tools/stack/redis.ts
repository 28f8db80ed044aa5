import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** A command in Redis's protocol (RESP), safe for any bytes in its arguments. */
const respCommand = (...args: string[]): string =>
  `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;

/**
 * Whether a Redis server on 127.0.0.1:port lets a client in with `password` and answers its PING:
 * false for a Redis that refuses the password, or asks for none.
 */
export function redisAnswers(port: number, password: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let replies = '';
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(respCommand('AUTH', password) + respCommand('PING')));
    socket.on('data', (data) => {
      replies += data.toString();
      if (replies.startsWith('-')) done(false);
      else if (replies === '+OK\r\n+PONG\r\n') done(true);
    });
  });
}

/** The path of redis-server, or an error that says how to install it. */
export function redisServerPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'redis-server is not installed: run `sudo apt-get update && sudo apt-get install -y redis-server` ' +
        '(npm start and npm test do this themselves when run as root), or start a Redis on the port of ' +
        'components/statestore.yaml.',
    );
  }
}

/** A value quoted for redis.conf, whose parser reads "…" with backslash escapes. */
const redisConfQuoted = (value: string): string =>
  `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('\r', '\\r')}"`;

/**
 * redis-server's arguments: its password comes from a file only the user can read, in the data
 * directory, never from the command line (which every user on the machine can see).
 */
export function redisArgs(port: number, dataDir: string, password: string): string[] {
  const configFile = join(dataDir, 'redis.conf');
  writeFileSync(configFile, `requirepass ${redisConfQuoted(password)}\n`, { mode: 0o600 });
  return [
    configFile,
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--appendonly',
    'yes',
    '--save',
    '',
    '--daemonize',
    'no',
  ];
}
