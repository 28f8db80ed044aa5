import type { DaprSidecar } from '../sidecar/dapr-sidecar';
import { SidecarAnswer } from '../sidecar/sidecar-answer';
import { InvocationFailedException } from './invocation-failed.exception';
import type { InvocationPolicies } from './invocation.options';
import { ServiceInvoker } from './service-invoker';

const policies: InvocationPolicies = {
  appTarget: () => ({
    retry: { name: 'myRetryPolicy', policy: 'constant', durationMs: 5_000, maxRetries: 3, retryOnStatus: [[500, 599]] },
    timeoutMs: 3_000,
    circuitBreaker: { timeoutMs: 30_000 },
  }),
};

/** An invoker whose sidecar answers `status` with `body`, or fails with `error`. */
function invokerAnswering(status: number, body: unknown, error?: Error): ServiceInvoker {
  const sidecar = {
    invoke: () =>
      error ? Promise.reject(error) : Promise.resolve(new SidecarAnswer(status, {}, JSON.stringify(body))),
  } as unknown as DaprSidecar;
  return new ServiceInvoker(sidecar, {
    appId: 'caller-app',
    sidecarUrl: 'http://127.0.0.1:1',
    invocation: { policies },
  });
}

async function failureOf(invoker: ServiceInvoker): Promise<object> {
  const error = await invoker.invoke('callee-app', 'greet/A').catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(InvocationFailedException);
  const failed = error as InvocationFailedException;
  return { status: failed.getStatus(), failure: failed.failure, body: failed.getResponse() };
}

describe('ServiceInvoker', () => {
  it("returns the app's JSON", async () => {
    await expect(invokerAnswering(200, { message: 'hi' }).invoke('callee-app', 'greet/A')).resolves.toEqual({
      message: 'hi',
    });
  });

  it("says a retried status was retried, with the app's detail", async () => {
    expect(await failureOf(invokerAnswering(500, { detail: 'boom' }))).toEqual({
      status: 502,
      failure: 'upstream-error',
      body: {
        error: 'Bad Gateway',
        message: "callee-app answered 500 after the sidecar's 3 retries (myRetryPolicy): boom",
        upstream: 'callee-app',
        upstreamStatus: 500,
        upstreamDetail: 'boom',
      },
    });
  });

  it('says a status outside the matching was not retried', async () => {
    expect(await failureOf(invokerAnswering(404, { message: 'no such thing' }))).toMatchObject({
      status: 502,
      body: { message: 'callee-app answered 404 (status 404 is not retried): no such thing', upstreamStatus: 404 },
    });
  });

  it.each([
    [
      'circuit breaker is open',
      503,
      'circuit-open',
      'callee-app is failing and its circuit breaker is open; calls resume after 30s',
    ],
    [
      'context deadline exceeded',
      504,
      'timeout',
      'callee-app did not answer within 3s on any attempt (resiliency.yaml timeout)',
    ],
    [
      'rpc error: code = DeadlineExceeded desc = stream terminated by RST_STREAM with error code: CANCEL',
      504,
      'timeout',
      'callee-app did not answer within 3s on any attempt (resiliency.yaml timeout)',
    ],
    [
      'app not found',
      502,
      'unreachable',
      'Dapr could not deliver the call to callee-app: failed to invoke, id: callee-app, err: app not found',
    ],
  ])("reads daprd's own error '%s' as %i", async (reason, status, failure, message) => {
    const daprError = { errorCode: 'ERR_DIRECT_INVOKE', message: `failed to invoke, id: callee-app, err: ${reason}` };
    expect(await failureOf(invokerAnswering(500, daprError))).toEqual({
      status,
      failure,
      body: { error: expect.any(String), message, upstream: 'callee-app' },
    });
  });

  it('says when its own sidecar cannot be reached', async () => {
    expect(await failureOf(invokerAnswering(0, undefined, new Error('connect ECONNREFUSED')))).toMatchObject({
      status: 502,
      body: {
        message: "this app's Dapr sidecar is unreachable (connect ECONNREFUSED); check that daprd runs beside it",
      },
    });
  });
});
