export { BODY_LIMIT } from './body-limit';
export { bootstrapService, type BootstrapOptions } from './bootstrap';
export { AllExceptionsFilter } from './errors/all-exceptions.filter';
export type { ErrorBody } from './errors/error-answer';
export { ApiActorIdParam } from './openapi/api-actor-id-param';
export { ApiErrorAnswers, type ErrorCase } from './openapi/api-error-answers';
export { ErrorAnswer } from './openapi/error-answer.schema';
export { DOCS_PATH, OPENAPI_JSON_PATH } from './openapi/serve-openapi';
export { ServiceModule } from './service.module';
