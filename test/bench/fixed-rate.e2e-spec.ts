import { coldStartMs, rssMb } from '../../bench/support/app-process';
import { fixedRate } from '../../bench/support/fixed-rate';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

// The benchmarks' open-model helpers against a real app: vegeta must really send at the rate asked
// (a load generator that falls behind would hide queueing as a closed loop does), and the app
// helpers must read a live process.
describe('bench/support: fixed-rate load, RSS and cold start on a real stack', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    e2e = await startE2eStack({ apps: ['callee-app'] });
  });

  afterAll(() => e2e?.stop());

  it('sends 50 requests/s for 2 s and reports ordered latencies of what it sent', async () => {
    const result = await fixedRate([{ method: 'GET', url: `${e2e.app('callee-app').url}/greet/smoke` }], {
      rate: 50,
      seconds: 2,
    });

    expect(result.achievedRate).toBeGreaterThanOrEqual(45);
    expect(result.achievedRate).toBeLessThanOrEqual(55);
    expect(result.statusCodes).toEqual({ '200': 100 });
    expect(result.success).toBe(1);
    expect(result.p50).toBeGreaterThan(0);
    expect(result.p50).toBeLessThanOrEqual(result.p90);
    expect(result.p90).toBeLessThanOrEqual(result.p99);
  });

  it("reads the app's RSS, and times a restart until it is ready", async () => {
    expect(rssMb(e2e, 'callee-app')).toBeGreaterThan(10);
    const took = await coldStartMs(e2e, 'callee-app', '/health/ready');
    expect(took).toBeGreaterThan(0);
    expect(await fetch(`${e2e.app('callee-app').url}/health/ready`).then((response) => response.status)).toBe(200);
  });
});
