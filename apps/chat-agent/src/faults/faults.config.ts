import { registerAs } from '@nestjs/config';
import { IsBoolean } from 'class-validator';
import { EnvBoolean, validateEnv } from '@daca/config';

class FaultsEnv {
  @EnvBoolean()
  @IsBoolean()
  FAULT_INJECTION_ENABLED: boolean = false;
}

/** Whether PUT /faults/{state,events} may inject failures (off unless asked for). */
export const faultsConfig = registerAs('faults', () => ({
  enabled: validateEnv('faults', FaultsEnv).FAULT_INJECTION_ENABLED,
}));

export type FaultsConfig = ReturnType<typeof faultsConfig>;
