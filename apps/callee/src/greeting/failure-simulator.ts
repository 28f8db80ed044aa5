import { Inject, Injectable } from '@nestjs/common';
import { failureSimulationConfig, type FailureSimulationConfig } from './failure-simulation.config';
import { RANDOM_SOURCE, type RandomSource } from './random-source';

/** A call the simulation fails: the status to answer and the lab's `detail`. */
export interface SimulatedFailure {
  status: number;
  detail: string;
}

/**
 * Says which calls must fail: the first N of each round (then one success resets it), and beyond
 * those a random share of the rest.
 */
@Injectable()
export class FailureSimulator {
  private attempt = 0;

  constructor(
    @Inject(failureSimulationConfig.KEY) private readonly config: FailureSimulationConfig,
    @Inject(RANDOM_SOURCE) private readonly random: RandomSource,
  ) {}

  /** How long to wait before answering. */
  get latencyMs(): number {
    return this.config.enabled ? this.config.latencyMs : 0;
  }

  /** The failure this call must answer, else undefined (and the round starts again). */
  nextFailure(): SimulatedFailure | undefined {
    if (!this.config.enabled) return undefined;
    const { statusCode: status, failuresBeforeSuccess, failureRatio } = this.config;
    this.attempt += 1;
    if (this.attempt <= failuresBeforeSuccess) {
      return { status, detail: `Simulated temporary error from callee-service (attempt ${this.attempt})` };
    }
    this.attempt = 0;
    if (failureRatio > 0 && this.random() < failureRatio) {
      return { status, detail: `Simulated random error from callee-service (failure ratio ${failureRatio})` };
    }
    return undefined;
  }
}
