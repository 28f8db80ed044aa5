import { daprBinDir } from '../../tools/stack/dapr-binaries';
import { httpProbe, ManagedProcess } from '../../tools/stack/managed-process';
import { freePorts } from '../../tools/stack/ports';
import { ROOT_DIR, startE2eStack, type E2eStack } from '../support/e2e-stack';

describe('sidecars talk mTLS with identities from the stack’s sentry', () => {
  let e2e: E2eStack;
  let intruder: ManagedProcess;
  let intruderUrl: string;

  beforeAll(async () => {
    e2e = await startE2eStack({ apps: ['callee-app', 'caller-app'] });
    // A daprd of the same stack (components, name resolution) with no identity from its sentry.
    const [httpPort, grpcPort, metricsPort] = await freePorts(3);
    intruderUrl = `http://127.0.0.1:${httpPort}`;
    const { resourcesPath, configFilePath } = e2e.definition;
    intruder = new ManagedProcess(
      {
        name: 'intruder-daprd',
        command: `${daprBinDir(ROOT_DIR)}/daprd`,
        args: [
          ...['--app-id', 'intruder', '--dapr-listen-addresses', '127.0.0.1'],
          ...['--dapr-http-port', String(httpPort), '--dapr-grpc-port', String(grpcPort)],
          ...['--metrics-port', String(metricsPort), '--resources-path', resourcesPath, '--config', configFilePath],
        ],
        env: { DAPR_API_TOKEN: '', APP_API_TOKEN: '' },
        health: httpProbe(`${intruderUrl}/v1.0/healthz/outbound`),
      },
      () => undefined,
    );
    intruder.start();
    await intruder.waitHealthy(60_000);
  });

  afterAll(async () => {
    await intruder?.stop();
    await e2e?.stop();
  });

  it('lets caller-app, which has an identity, invoke callee-app', async () => {
    const { sidecarUrl, sidecarHeaders } = e2e.app('caller-app');
    const response = await fetch(`${sidecarUrl}/v1.0/invoke/callee-app/method/greet/Ann`, { headers: sidecarHeaders });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: { message: 'Hello, Ann from callee-app!' },
    });
  });

  it('refuses a daprd without an identity from the stack’s sentry: the TLS handshake fails', async () => {
    const response = await fetch(`${intruderUrl}/v1.0/invoke/callee-app/method/greet/Eve`);
    expect(response.status).toBe(500);
    // A client without TLS gets no answer from callee-app's daprd: its internal gRPC port speaks mTLS only.
    expect(await response.json()).toEqual({
      errorCode: 'ERR_DIRECT_INVOKE',
      message: expect.stringMatching(/^failed to invoke, id: callee-app, err: .*connection error/),
    });
  });
});
