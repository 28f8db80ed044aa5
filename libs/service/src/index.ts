export { BODY_LIMIT } from './body-limit';
export { bootstrapService, type BootstrapOptions } from './bootstrap';
export { AllExceptionsFilter, type ErrorBody } from './errors/all-exceptions.filter';
export { ServiceModule } from './service.module';
