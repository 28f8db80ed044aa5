import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';

/** Whether a Redis server answers PING on 127.0.0.1:port. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
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

/**
 * Redis with its append-only file on, fsynced once a second (`everysec`): every write reaches the file
 * (the kernel) before Redis answers it, so a crash of redis-server itself loses no acknowledged write
 * (test/fail-over/redis-restart.e2e-spec.ts); a crash of the machine loses what the kernel had not yet
 * flushed, up to about a second of writes (two when a slow disk made Redis postpone a write).
 * `always` would close that too, at an fsync per write.
 */
export function redisArgs(port: number, dataDir: string): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--daemonize',
    'no',
  ];
}
