import { startE2eStack, type E2eStack } from '../support/e2e-stack';

describe('environment given to the stack reaches the apps', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    e2e = await startE2eStack({
      apps: ['callee-app'],
      env: { SIMULATE_FAILURE: 'true', MAX_FAILS_BEFORE_SUCCESS: '1' },
    });
  });

  afterAll(() => e2e?.stop());

  it('runs the callee with the lab failure simulation switched on', async () => {
    const first = await fetch(`${e2e.app('callee-app').url}/greet/Dana`);
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({ detail: 'Simulated temporary error from callee-service (attempt 1)' });

    const second = await fetch(`${e2e.app('callee-app').url}/greet/Dana`);
    expect(await second.json()).toEqual({ message: 'Hello, Dana from callee-app!' });
  });
});
