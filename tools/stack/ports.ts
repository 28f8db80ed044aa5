import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => {
      const { port: bound } = server.address() as AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

export async function isPortFree(port: number): Promise<boolean> {
  try {
    await listenOnce(port);
    return true;
  } catch {
    return false;
  }
}

/** `count` distinct ports that were free a moment ago, picked by the kernel. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    ports.add(await listenOnce(0));
  }
  return [...ports];
}

/** "redis-server (pid 123)" for the process listening on `port`, when `ss` can tell. */
export function describePortHolder(port: number): string {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const holder = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    return holder ? `${holder[1]} (pid ${holder[2]})` : 'another process';
  } catch {
    return 'another process';
  }
}

export class PortInUseError extends Error {
  constructor(busy: { name: string; port: number }[]) {
    super(
      busy.map(({ name, port }) => `port ${port} (${name}) is in use by ${describePortHolder(port)}`).join('\n') +
        '\nStop what holds these ports (is another `npm start` running?) or change the ports in dapr.yaml.',
    );
    this.name = 'PortInUseError';
  }
}

export async function assertPortsFree(ports: { name: string; port: number }[]): Promise<void> {
  const busy: { name: string; port: number }[] = [];
  for (const entry of ports) {
    if (!(await isPortFree(entry.port))) busy.push(entry);
  }
  if (busy.length > 0) throw new PortInUseError(busy);
}
