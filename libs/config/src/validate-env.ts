import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';

/**
 * Builds `schema` from environment variables (converted to the declared types) and validates it.
 * Throws one ConfigValidationError naming every invalid variable, so the app stops at boot.
 */
export function validateEnv<T extends object>(
  section: string,
  schema: ClassConstructor<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const instance = plainToInstance(schema, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0)
    throw new ConfigValidationError(
      section,
      errors.map((error) => problemOf(error, env)),
    );
  return instance;
}

function problemOf(error: ValidationError, env: NodeJS.ProcessEnv): string {
  const raw = env[error.property];
  const value = raw === undefined ? 'unset' : `'${raw}'`;
  return `${error.property} (${value}): ${Object.values(error.constraints ?? {}).join('; ')}`;
}
