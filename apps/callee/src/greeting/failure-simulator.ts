import { Inject, Injectable } from '@nestjs/common';
import { failureSimulationConfig, type FailureSimulationConfig } from './failure-simulation.config';

/** Counts calls and says which ones must fail: the first N of each round, then one success resets it. */
@Injectable()
export class FailureSimulator {
  private attempt = 0;

  constructor(@Inject(failureSimulationConfig.KEY) private readonly config: FailureSimulationConfig) {}

  /** The attempt number when this call must fail, else undefined (and the round starts again). */
  nextFailure(): number | undefined {
    if (!this.config.enabled) return undefined;
    this.attempt += 1;
    if (this.attempt <= this.config.failuresBeforeSuccess) return this.attempt;
    this.attempt = 0;
    return undefined;
  }
}
