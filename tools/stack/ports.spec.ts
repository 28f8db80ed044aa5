import { createServer } from 'node:net';
import { assertPortsFree, freePorts, isPortFree } from './ports';

describe('ports', () => {
  it('hands out distinct free ports', async () => {
    const ports = await freePorts(20);
    expect(new Set(ports).size).toBe(20);
    expect(await Promise.all(ports.slice(0, 3).map(isPortFree))).toEqual([true, true, true]);
  });

  it('names a busy port, its role and the process holding it', async () => {
    const [port] = await freePorts(1);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
    try {
      await expect(assertPortsFree([{ name: 'chat-agent app', port }])).rejects.toThrow(
        `port ${port} (chat-agent app) is in use by node (pid ${process.pid})`,
      );
    } finally {
      server.close();
    }
  });
});
