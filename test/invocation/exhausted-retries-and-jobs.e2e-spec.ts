import { sidecarName } from '../support/e2e-stack';
import { eventually } from '../support/eventually';
import { failedCall, InvocationStack, type JobView } from './invocation-stack';
import { greetOnce } from './one-shot';

const FOURTH_FAILURE = 'Simulated temporary error from callee-service (attempt 4)';
const JOB_SERIES = { policy: 'jobRetry', target: 'callee-app', operation: 'greet-job' };

describe('more failures than retries (MAX_FAILS_BEFORE_SUCCESS=4), and durable greet jobs', () => {
  let stack: InvocationStack;
  const job = (id: string) => stack.job(id);
  const settled = (id: string) =>
    eventually(
      `job ${id} to settle`,
      () => job(id),
      (view) => ['completed', 'failed'].includes(view.state),
    );

  beforeAll(async () => {
    stack = await InvocationStack.start(
      { SIMULATE_FAILURE: 'true', MAX_FAILS_BEFORE_SUCCESS: '4', GREET_JOB_RETRY_POLICY: 'jobRetry' },
      {
        resiliency: (policies) => {
          policies.retries.jobRetry = { policy: 'constant', duration: '1s', maxRetries: 10 };
        },
      },
    );
  });

  afterAll(() => stack?.stop());

  it("answers 502 with the callee's status and detail once the sidecar's 3 retries are spent", async () => {
    const answer = await stack.callGreet('Alice');
    expect(answer).toEqual(
      failedCall(502, {
        message: `callee-app answered 500 after the sidecar's 3 retries (myRetryPolicy): ${FOURTH_FAILURE}`,
        upstreamStatus: 500,
        upstreamDetail: FOURTH_FAILURE,
      }),
    );
    expect([await stack.calleeFailures(), await stack.attemptsSent()]).toEqual([4, 4]);

    // The callee's round is over: the next call succeeds at once.
    expect((await stack.callGreet('Alice')).body).toEqual({ message: 'Hello, Alice from callee-app!' });
    expect(await stack.attemptsSent()).toBe(5);
  });

  it('exits 1 in one-shot mode and says why', () => {
    const run = greetOnce(stack.e2e, 'Once');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `call-greet failed: {"error":"Bad Gateway","message":"callee-app answered 500 after the sidecar's 3 retries (myRetryPolicy): ${FOURTH_FAILURE}"`,
    );
    // Its round is over too.
    expect(greetOnce(stack.e2e, 'Once').stdout).toBe('{"message":"Hello, Once from callee-app!"}\n');
  });

  it('queues a job (202), whose worker retries past an exhausted invocation and completes: both tiers counted', async () => {
    const before = {
      failures: await stack.calleeFailures(),
      sent: await stack.attemptsSent(),
      activations: await stack.sidecarMetric('dapr_resiliency_activations_total', {
        policy: 'retry',
        target: 'app_callee-app',
      }),
    };
    const queued = await stack.caller('/call-greet/Bob/jobs', { method: 'POST' });
    expect(queued).toMatchObject({
      status: 202,
      body: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Bob',
        state: expect.stringMatching(/^(waiting|active)$/),
        attempts: 0,
        maxAttempts: 11,
        policy: 'jobRetry',
      },
    });
    const { id } = queued.body as JobView;

    const done = await settled(id);
    expect(done).toEqual({
      id,
      name: 'Bob',
      state: 'completed',
      attempts: 2,
      maxAttempts: 11,
      policy: 'jobRetry',
      result: { message: 'Hello, Bob from callee-app!' },
      lastError: `callee-app answered 500 after the sidecar's 3 retries (myRetryPolicy): ${FOURTH_FAILURE}`,
      queuedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    // Sidecar tier: job attempt 1 made 4 attempts (3 retries), job attempt 2 one.
    expect(await stack.calleeFailures()).toBe(before.failures + 4);
    expect(await stack.attemptsSent()).toBe(before.sent + 5);
    expect(
      await stack.sidecarMetric('dapr_resiliency_activations_total', { policy: 'retry', target: 'app_callee-app' }),
    ).toBe(before.activations + 1);
    // App tier: one retry of the job, then its success.
    expect(await stack.callerMetric('daca_retry_attempts_total', { ...JOB_SERIES, outcome: 'retry' })).toBe(1);
    expect(await stack.callerMetric('daca_retry_attempts_total', { ...JOB_SERIES, outcome: 'success' })).toBe(1);
    for (const [event, count] of Object.entries({ queued: 1, retried: 1, completed: 1, failed: 0 })) {
      expect([event, await stack.callerMetric('daca_jobs_total', { queue: 'greet-jobs', event })]).toEqual([
        event,
        count,
      ]);
    }
  });

  it('keeps a job across a restart of the caller, and completes it once its sidecar is back', async () => {
    // With its sidecar down, the caller's attempts fail at once and the job waits in Redis between them.
    const sidecar = stack.e2e.stack.process(sidecarName('caller-app'));
    await sidecar.stop();
    const { id } = (await stack.caller('/call-greet/Carol/jobs', { method: 'POST' })).body as JobView;
    const failing = await eventually(
      `job ${id} to fail an attempt`,
      () => job(id),
      (view) => view.attempts >= 1,
    );
    expect(failing.lastError).toMatch(
      /^this app's Dapr sidecar is unreachable \(.*\); check that daprd runs beside it$/,
    );

    await stack.e2e.stack.restart('caller-app');
    // Live is not ready: the restarted caller answers 503 until its queue has connected to Redis.
    const afterRestart = await eventually(
      `the restarted caller to read job ${id} from Redis`,
      () => job(id),
      (view) => view.id === id,
    );
    expect(afterRestart).toMatchObject({
      id,
      name: 'Carol',
      state: expect.stringMatching(/^(delayed|waiting|active)$/),
    });

    await stack.e2e.stack.restart(sidecarName('caller-app'));
    const done = await settled(id);
    expect(done).toMatchObject({ state: 'completed', result: { message: 'Hello, Carol from callee-app!' } });
    expect(done.attempts).toBeGreaterThan(afterRestart.attempts);
  });
});
