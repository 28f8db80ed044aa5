export { BODY_LIMIT } from './body-limit';
export { bootstrapService, type BootstrapOptions } from './bootstrap';
export { AllExceptionsFilter } from './errors/all-exceptions.filter';
export type { ErrorBody } from './errors/error-answer';
export { ServiceModule } from './service.module';
