export { BODY_LIMIT, bootstrapService } from './bootstrap';
export { AllExceptionsFilter, type ErrorBody } from './errors/all-exceptions.filter';
export { ServiceModule } from './service.module';
