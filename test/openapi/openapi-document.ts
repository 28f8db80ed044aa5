/** The parts of an OpenAPI 3.0 document the tests read. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

interface Parameter {
  name: string;
  in: string;
  example?: string | number;
  schema?: { enum?: (string | number)[]; format?: string };
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

export async function fetchOpenApi(appUrl: string): Promise<OpenApiDocument> {
  const response = await fetch(`${appUrl}/docs-json`);
  if (!response.ok) throw new Error(`${appUrl}/docs-json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

/** Every documented operation, as [method, path template]. */
export function operationsOf(document: OpenApiDocument): [method: string, path: string][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method): [string, string] => [method.toUpperCase(), path]),
  );
}

const VALID_UUID_V4 = '3f0c8a1e-9b2d-4c4e-8f6a-1d2e3f4a5b6c';

/** The path with each parameter filled in with a value its schema allows (its example, first enum value, ...). */
export function concretePath(document: OpenApiDocument, method: string, path: string): string {
  const parameters = document.paths[path][method.toLowerCase()].parameters ?? [];
  return path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const parameter = parameters.find((candidate) => candidate.in === 'path' && candidate.name === name);
    if (!parameter) throw new Error(`${method} ${path}: path parameter {${name}} is not documented`);
    const value =
      parameter.example ??
      parameter.schema?.enum?.[0] ??
      (parameter.schema?.format === 'uuid' ? VALID_UUID_V4 : 'documented');
    return encodeURIComponent(String(value));
  });
}
