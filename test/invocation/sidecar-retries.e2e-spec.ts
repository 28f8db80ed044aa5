import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sidecarName } from '../support/e2e-stack';
import { InvocationStack } from './invocation-stack';
import { greetOnce } from './one-shot';

const RETRY_TARGET = { policy: 'retry', target: 'app_callee-app' };

describe("the lab's scenario: SIMULATE_FAILURE=true, MAX_FAILS_BEFORE_SUCCESS=2, myRetryPolicy (3 retries)", () => {
  let stack: InvocationStack;
  /** Every series the scenario moves, in each tier. */
  const counts = async (): Promise<Record<string, number>> => ({
    failures: await stack.calleeFailures('500'),
    sent: await stack.attemptsSent(),
    failed: await stack.sidecarMetric('dapr_runtime_service_invocation_res_recv_total', { status: '500' }),
    ok: await stack.sidecarMetric('dapr_runtime_service_invocation_res_recv_total', { status: '200' }),
    activations: await stack.sidecarMetric('dapr_resiliency_activations_total', RETRY_TARGET),
    applied: await stack.sidecarMetric('dapr_resiliency_count', RETRY_TARGET),
    served: await stack.callerMetric('http_server_request_duration_seconds_count', {
      route: '/call-greet/:name',
      status: '200',
    }),
  });
  const sidecarLog = () => readFileSync(join(stack.e2e.logDir, `${sidecarName('caller-app')}.log`), 'utf8');

  beforeAll(async () => {
    stack = await InvocationStack.start({ SIMULATE_FAILURE: 'true', MAX_FAILS_BEFORE_SUCCESS: '2' });
  });

  afterAll(() => stack?.stop());

  it('succeeds on the first call after exactly 2 failed attempts that daprd retried', async () => {
    const answer = await stack.callGreet('Alice');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ message: 'Hello, Alice from callee-app!' });
    // Two waits of the test copy's 100ms between the three attempts.
    expect(answer.ms).toBeGreaterThanOrEqual(200);

    expect(await stack.calleeFailures('500')).toBe(2);
    expect(await stack.attemptsSent()).toBe(3);
    expect(
      sidecarLog().match(
        /Recovered processing operation endpoint\[callee-app, callee-app:greet\/Alice\] after 3 attempts/g,
      ),
    ).toHaveLength(1);
  });

  it("counts the retries in each tier's /metrics: the callee's failures, the sidecar's attempts and activations", async () => {
    const before = await counts();
    expect((await stack.callGreet('Bob')).body).toEqual({ message: 'Hello, Bob from callee-app!' });
    const after = await counts();
    const delta = Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - before[key]]));
    // daprd 1.18.2 counts an activation once per retried call, not per retry: the attempts give the retries.
    expect(delta).toEqual({ failures: 2, sent: 3, failed: 2, ok: 1, activations: 1, applied: 1, served: 1 });
  });

  it('shows the circuit breaker closed and the timeout unused in the sidecar metrics', async () => {
    expect(await stack.sidecarMetric('dapr_resiliency_cb_state', { target: 'app_callee-app', status: 'closed' })).toBe(
      1,
    );
    expect(await stack.sidecarMetric('dapr_resiliency_cb_state', { target: 'app_callee-app', status: 'open' })).toBe(0);
    expect(
      await stack.sidecarMetric('dapr_resiliency_activations_total', { policy: 'timeout', target: 'app_callee-app' }),
    ).toBe(0);
  });

  it('refuses an invalid name with 400 and its reason, without calling the callee', async () => {
    const sent = await stack.attemptsSent();
    const answer = await stack.callGreet('x'.repeat(65));
    expect(answer).toMatchObject({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: "name must be 1 to 64 letters, digits, spaces or . _ ' -",
        correlationId: expect.any(String),
      },
    });
    expect(await stack.attemptsSent()).toBe(sent);
  });

  it("runs once like the lab's caller script: prints the callee's JSON and exits 0", () => {
    const run = greetOnce(stack.e2e, 'Dapr User');
    expect(run).toEqual({ status: 0, stdout: '{"message":"Hello, Dapr User from callee-app!"}\n', stderr: '' });
  });

  it('refuses an invalid name in one-shot mode too, exit code 2, without calling the callee', async () => {
    const sent = await stack.attemptsSent();
    expect(greetOnce(stack.e2e, 'a/b')).toEqual({
      status: 2,
      stdout: '',
      stderr: "call-greet refused: name must be 1 to 64 letters, digits, spaces or . _ ' -\n",
    });
    expect(await stack.attemptsSent()).toBe(sent);
  });
});
