import { registerAs } from '@nestjs/config';
import { EnvBoolean, IsDuration, validateEnv } from '@daca/config';
import { parseDuration } from '@daca/dapr';
import { IsBoolean, IsInt, IsNumber, Max, Min } from 'class-validator';

class FailureSimulationEnv {
  @EnvBoolean()
  @IsBoolean()
  SIMULATE_FAILURE: boolean = false;

  @IsInt()
  @Min(0)
  MAX_FAILS_BEFORE_SUCCESS: number = 2;

  @IsInt()
  @Min(400)
  @Max(599)
  FAILURE_STATUS_CODE: number = 500;

  @IsNumber()
  @Min(0)
  @Max(1)
  FAILURE_RATIO: number = 0;

  @IsDuration()
  SIMULATED_LATENCY: string = '0ms';
}

/**
 * The lab's transient failures and more, all off unless SIMULATE_FAILURE=true: the first
 * MAX_FAILS_BEFORE_SUCCESS calls of each round fail with FAILURE_STATUS_CODE, further calls fail at
 * random with FAILURE_RATIO, and every answer waits SIMULATED_LATENCY first.
 */
export const failureSimulationConfig = registerAs('failureSimulation', () => {
  const env = validateEnv('failure simulation', FailureSimulationEnv);
  return {
    enabled: env.SIMULATE_FAILURE,
    failuresBeforeSuccess: env.MAX_FAILS_BEFORE_SUCCESS,
    statusCode: env.FAILURE_STATUS_CODE,
    failureRatio: env.FAILURE_RATIO,
    latencyMs: parseDuration(env.SIMULATED_LATENCY),
  };
});

export type FailureSimulationConfig = ReturnType<typeof failureSimulationConfig>;
