import { registerAs } from '@nestjs/config';
import { IsNotEmpty, IsString } from 'class-validator';
import { validateEnv } from '@daca/config';

class ResiliencyEnv {
  /** The directory daprd loads with --resources-path; the stack passes its own. */
  @IsString()
  @IsNotEmpty()
  DAPR_RESOURCES_PATH: string = 'components';

  @IsString()
  @IsNotEmpty()
  APP_ID!: string;
}

/** Where the app finds the Resiliency resource its sidecar applies, and the app id its scopes name. */
export const resiliencyConfig = registerAs('resiliency', () => {
  const env = validateEnv('resiliency', ResiliencyEnv);
  return { resourcesPath: env.DAPR_RESOURCES_PATH, appId: env.APP_ID };
});

export type ResiliencyConfig = ReturnType<typeof resiliencyConfig>;
