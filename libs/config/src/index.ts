export { ConfigValidationError } from './config-validation.error';
export { serviceConfig, type ServiceConfig } from './service.config';
export { validateEnv } from './validate-env';
export { EnvBoolean } from './env-boolean';
export { IsDuration } from './duration';
export { redisConfig, type RedisConfig } from './redis.config';
export { checkEnvironment } from './check-environment';
export { shutdownConfig, type ShutdownConfig } from './shutdown.config';
export { appTokenConfig, type AppTokenConfig } from './app-token.config';
