import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  getSchemaPath,
  type OperationObject,
  type PathItemObject,
  type ReferenceObject,
  type ResponseObject,
  type ResponsesObject,
} from '@nestjs/swagger';
import { isSidecarCallback } from '@daca/dapr';
import { BODY_LIMIT } from '../body-limit';
import { MAX_JSON_DEPTH } from '../http/json-depth';
import { ErrorAnswer } from './error-answer.schema';

/** Swagger UI's path; the document itself is at `${DOCS_PATH}-json`. */
export const DOCS_PATH = '/docs';
export const OPENAPI_JSON_PATH = `${DOCS_PATH}-json`;
/** The version of the apps' HTTP API (not of the package): changes when a route or a body changes incompatibly. */
const API_VERSION = '1.0.0';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
// Probes and scrapes are never shed (LoadShedder), but are refused while the app shuts down.
const UNAVAILABLE = 'Shutting down, or overloaded (MAX_REQUESTS_IN_FLIGHT): try again after Retry-After';

/**
 * Serves the app's OpenAPI document at /docs-json and Swagger UI at /docs, built from its controllers
 * and DTOs when it starts, so that it describes the routes the app has. daprd's own routes (actor
 * turns, event deliveries, /dapr/config), which only daprd may call with the app token, are left out
 * by the rule the app token check applies (isSidecarCallback). Every operation also lists what the HTTP
 * layer answers before any route runs, and a default answer: every error has the ErrorAnswer shape.
 */
export function serveOpenApi(app: INestApplication, appId: string): void {
  const info = new DocumentBuilder()
    .setTitle(appId)
    .setDescription(
      `The HTTP API of daca-nest's ${appId}. Every error answer is an ErrorAnswer, whose correlationId ` +
        'is also sent as x-correlation-id.',
    )
    .setVersion(API_VERSION)
    .build();
  const document = SwaggerModule.createDocument(app, info, { extraModels: [ErrorAnswer] });
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => !isSidecarCallback(path)));
  for (const item of Object.values(document.paths))
    for (const operation of operationsOf(item)) addDoorAnswers(operation);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH, raw: ['json'] });
}

function operationsOf(item: PathItemObject): OperationObject[] {
  return METHODS.flatMap((method) => item[method] ?? []);
}

/** Adds the answers of the HTTP layer (shedding, body parsing) that a route's own decorators do not list. */
function addDoorAnswers(operation: OperationObject): void {
  const own = operation.responses;
  const errors: ResponsesObject = { default: errorAnswer('Any other error') };
  if (operation.requestBody) {
    errors[400] = errorAnswer(
      `Malformed JSON, JSON nested deeper than ${MAX_JSON_DEPTH} levels, or a body that fails validation`,
    );
    errors[413] = errorAnswer(`Request body larger than ${BODY_LIMIT}`);
    errors[415] = errorAnswer('A body of another type than application/json');
  }
  operation.responses = { ...errors, ...own, 503: unavailable(own[503]) };
}

/** The door's 503 (shutting down, shedding), and the route's own 503 if it documents one (readiness). */
function unavailable(own: ResponseObject | ReferenceObject | undefined): ResponseObject {
  const door = errorAnswer(UNAVAILABLE);
  const ownSchema = own && 'content' in own ? own.content?.['application/json']?.schema : undefined;
  if (!ownSchema) return door;
  return {
    description: `${(own as ResponseObject).description}; or: ${UNAVAILABLE}`,
    content: { 'application/json': { schema: { anyOf: [ownSchema, door.content['application/json'].schema] } } },
  };
}

function errorAnswer(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorAnswer) } } } };
}
