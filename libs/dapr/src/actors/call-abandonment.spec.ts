import { connect, createServer, type Server, type Socket } from 'node:net';
import { watchAbandonment } from './call-abandonment';

/** A connected pair of sockets: the server's side (the app's) and the client's (daprd's). */
async function connectedPair(): Promise<{ server: Server; appSide: Socket; daprdSide: Socket }> {
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const daprdSide = connect(port, '127.0.0.1');
  return { server, appSide: await accepted, daprdSide };
}

const closed = (socket: Socket): Promise<void> => new Promise((resolve) => socket.once('close', () => resolve()));

describe('watchAbandonment', () => {
  it('aborts when daprd closes the connection before the call is answered', async () => {
    const { server, appSide, daprdSide } = await connectedPair();
    const abandonment = watchAbandonment({ socket: appSide });
    expect(abandonment.signal.aborted).toBe(false);

    daprdSide.destroy();
    await closed(appSide);

    expect(abandonment.signal.aborted).toBe(true);
    expect((abandonment.signal.reason as Error).message).toBe('daprd closed the connection before the answer');
    server.close();
  });

  it('stays quiet when the connection closes after the answer (a kept-alive connection daprd closes later)', async () => {
    const { server, appSide, daprdSide } = await connectedPair();
    const abandonment = watchAbandonment({ socket: appSide });

    abandonment.answered();
    daprdSide.destroy();
    await closed(appSide);

    expect(abandonment.signal.aborted).toBe(false);
    server.close();
  });

  it('never aborts a call that came without a connection (the in-memory sidecar calls the controller directly)', () => {
    expect(watchAbandonment(undefined).signal.aborted).toBe(false);
  });
});
