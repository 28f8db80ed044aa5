import { FailureSimulator } from './failure-simulator';

describe('FailureSimulator', () => {
  it('fails the first N calls of each round, then succeeds once and starts again', () => {
    const simulator = new FailureSimulator({ enabled: true, failuresBeforeSuccess: 2 });
    const outcomes = Array.from({ length: 6 }, () => simulator.nextFailure());
    expect(outcomes).toEqual([1, 2, undefined, 1, 2, undefined]);
  });

  it('never fails when disabled', () => {
    const simulator = new FailureSimulator({ enabled: false, failuresBeforeSuccess: 2 });
    expect([simulator.nextFailure(), simulator.nextFailure()]).toEqual([undefined, undefined]);
  });
});
