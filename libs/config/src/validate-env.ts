import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
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
  if (errors.length > 0) throw new ConfigValidationError(section, errors, env);
  return instance;
}
