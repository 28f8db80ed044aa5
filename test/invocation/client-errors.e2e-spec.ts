import { eventually } from '../support/eventually';
import { failedCall, InvocationStack, type JobView } from './invocation-stack';

const NOT_FOUND = 'Simulated temporary error from callee-service (attempt 1)';
const REFUSED = `callee-app answered 404 (status 404 is not retried): ${NOT_FOUND}`;

describe('a 4xx from the callee (FAILURE_STATUS_CODE=404, MAX_FAILS_BEFORE_SUCCESS=1) is not retried', () => {
  let stack: InvocationStack;
  let completedJob: string;
  const job = (id: string) => stack.job(id);

  beforeAll(async () => {
    stack = await InvocationStack.start({
      SIMULATE_FAILURE: 'true',
      MAX_FAILS_BEFORE_SUCCESS: '1',
      FAILURE_STATUS_CODE: '404',
    });
  });

  afterAll(() => stack?.stop());

  it('answers 502 with the upstream 404 after a single attempt: matching.httpStatusCodes is 500-599', async () => {
    const answer = await stack.callGreet('Alice');
    expect(answer).toEqual(failedCall(502, { message: REFUSED, upstreamStatus: 404, upstreamDetail: NOT_FOUND }));
    expect(await stack.calleeFailures('404')).toBe(1);
    expect(await stack.attemptsSent()).toBe(1);
    expect(await stack.sidecarMetric('dapr_resiliency_activations_total', { policy: 'retry' })).toBe(0);
    expect((await stack.callGreet('Alice')).body).toEqual({ message: 'Hello, Alice from callee-app!' });
  });

  it('fails a job at once on a 4xx, lists it in the failed set, and retries it on demand', async () => {
    const { id } = (await stack.caller('/call-greet/Bob/jobs', { method: 'POST' })).body as JobView;
    const failed = await eventually(
      `job ${id} to fail`,
      () => job(id),
      (view) => view.state === 'failed',
    );
    expect(failed).toMatchObject({
      id,
      state: 'failed',
      attempts: 1,
      maxAttempts: 4,
      lastError: REFUSED.replace('Alice', 'Bob'),
    });
    expect(await stack.callerMetric('daca_jobs_total', { queue: 'greet-jobs', event: 'failed' })).toBe(1);
    expect(
      await stack.callerMetric('daca_retry_attempts_total', {
        policy: 'myRetryPolicy',
        operation: 'greet-job',
        outcome: 'exhausted',
      }),
    ).toBe(1);

    const listed = await stack.caller('/jobs/failed');
    expect(listed.status).toBe(200);
    expect((listed.body as { jobs: JobView[] }).jobs.map((view) => [view.id, view.state])).toEqual([[id, 'failed']]);

    const retried = await stack.caller(`/jobs/${id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    const done = await eventually(
      `job ${id} to complete`,
      () => job(id),
      (view) => view.state === 'completed',
    );
    expect(done).toMatchObject({ state: 'completed', result: { message: 'Hello, Bob from callee-app!' } });
    expect((await stack.caller('/jobs/failed')).body).toEqual({ jobs: [] });
    completedJob = id;
  });

  it('answers clear 4xx for job ids that are malformed, unknown, or not failed', async () => {
    expect(await stack.caller('/jobs/42')).toMatchObject({
      status: 400,
      body: { message: 'id must be a job id as returned by POST /call-greet/{name}/jobs' },
    });
    const unknown = '3f2b8c1e-0b9a-4c55-9a43-5b7f2f0e9d11';
    expect(await stack.caller(`/jobs/${unknown}`)).toMatchObject({
      status: 404,
      body: { message: `no job ${unknown}: it never existed, or it completed more than a day ago` },
    });
    expect(await stack.caller(`/jobs/${completedJob}/retry`, { method: 'POST' })).toMatchObject({
      status: 409,
      body: { message: `job ${completedJob} is completed; only failed jobs can be retried` },
    });
  });
});
