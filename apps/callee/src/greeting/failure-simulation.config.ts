import { registerAs } from '@nestjs/config';
import { validateEnv } from '@daca/config';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { Transform } from 'class-transformer';

class FailureSimulationEnv {
  @Transform(({ value }: { value: unknown }): unknown =>
    value === 'true' ? true : value === 'false' || value === undefined ? false : value,
  )
  @IsBoolean()
  SIMULATE_FAILURE: boolean = false;

  @IsInt()
  @Min(0)
  MAX_FAILS_BEFORE_SUCCESS: number = 2;
}

/** The lab's transient failures: with SIMULATE_FAILURE=true, the first MAX_FAILS_BEFORE_SUCCESS calls fail. */
export const failureSimulationConfig = registerAs('failureSimulation', () => {
  const env = validateEnv('failure simulation', FailureSimulationEnv);
  return { enabled: env.SIMULATE_FAILURE, failuresBeforeSuccess: env.MAX_FAILS_BEFORE_SUCCESS };
});

export type FailureSimulationConfig = ReturnType<typeof failureSimulationConfig>;
