import type { FailureSimulationConfig } from './failure-simulation.config';
import { FailureSimulator } from './failure-simulator';

const lab: FailureSimulationConfig = {
  enabled: true,
  failuresBeforeSuccess: 2,
  statusCode: 500,
  failureRatio: 0,
  latencyMs: 0,
};
const never = () => 0.99;

describe('FailureSimulator', () => {
  it('fails the first N calls of each round with the configured status, then succeeds once and starts again', () => {
    const simulator = new FailureSimulator(lab, never);
    const outcomes = Array.from({ length: 6 }, () => simulator.nextFailure());
    const failure = (attempt: number) => ({
      status: 500,
      detail: `Simulated temporary error from callee-service (attempt ${attempt})`,
    });
    expect(outcomes).toEqual([failure(1), failure(2), undefined, failure(1), failure(2), undefined]);
  });

  it('fails a random share of the other calls with FAILURE_RATIO', () => {
    const draws = [0.1, 0.7, 0.2];
    const simulator = new FailureSimulator(
      { ...lab, failuresBeforeSuccess: 0, failureRatio: 0.5, statusCode: 503 },
      () => draws.shift()!,
    );
    const outcomes = [1, 2, 3].map(() => simulator.nextFailure()?.status);
    expect(outcomes).toEqual([503, undefined, 503]);
  });

  it('never fails nor waits when disabled', () => {
    const simulator = new FailureSimulator({ ...lab, enabled: false, latencyMs: 500 }, () => 0);
    expect([simulator.nextFailure(), simulator.nextFailure(), simulator.latencyMs]).toEqual([undefined, undefined, 0]);
  });
});
