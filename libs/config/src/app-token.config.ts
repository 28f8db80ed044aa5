import { registerAs } from '@nestjs/config';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { validateEnv } from './validate-env';

class AppTokenEnv {
  /** The token daprd sends with every call to the app: the same APP_API_TOKEN as daprd's own. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  APP_API_TOKEN?: string;
}

/**
 * The token that daprd's calls to the app carry in `dapr-api-token` (actor turns, reminders, timers,
 * event deliveries, /dapr/config). Unset, those routes are open to anyone who reaches the app's port.
 */
export const appTokenConfig = registerAs('appToken', () => ({
  token: validateEnv('appToken', AppTokenEnv).APP_API_TOKEN,
}));

export type AppTokenConfig = ReturnType<typeof appTokenConfig>;
