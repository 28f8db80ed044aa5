import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('aborts the work with a TimeoutError once the time is up', async () => {
    const reason = await withTimeout(
      10,
      (signal) => new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason))),
      'too slow',
    );
    expect(reason).toMatchObject({ name: 'TimeoutError', message: 'too slow' });
  });

  it('leaves no timer behind once the work is done', async () => {
    const before = process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    let seen: AbortSignal | undefined;
    await expect(
      withTimeout(60_000, (signal) => {
        seen = signal;
        return Promise.resolve('done');
      }),
    ).resolves.toBe('done');
    expect(process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length).toBe(before);
    expect(seen?.aborted).toBe(false);
  });
});
