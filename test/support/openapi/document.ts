/** The part of OpenAPI 3.0 the conformance test reads: what Nest's Swagger module writes. */
export interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface MediaType {
  schema?: Schema;
}

export interface Response {
  description: string;
  content?: Record<string, MediaType>;
}

interface RawOperation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, Response | { $ref: string }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema>; responses?: Record<string, Response> };
}

/** One operation, with its response references resolved. */
export interface Operation {
  id: string;
  method: string;
  /** The path template: `/api/v1/products/{id}`. */
  path: string;
  parameters: Parameter[];
  /** The `application/json` request body's schema, if the operation takes one. */
  body?: Schema;
  responses: Record<string, Response>;
  /** Whether it documents a bearer token requirement (the test then calls it as an administrator). */
  secured: boolean;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, raw]) => ({
        id: raw.operationId ?? `${method} ${path}`,
        method,
        path,
        parameters: raw.parameters ?? [],
        body: raw.requestBody?.content['application/json']?.schema,
        responses: Object.fromEntries(
          Object.entries(raw.responses).map(([status, response]) => [
            status,
            '$ref' in response ? componentResponse(document, response.$ref) : response,
          ]),
        ),
        secured: (raw.security ?? []).length > 0,
      })),
  );
}

function componentResponse(document: OpenApiDocument, ref: string): Response {
  const name = ref.replace('#/components/responses/', '');
  const response = document.components.responses?.[name];
  if (!response) throw new Error(`the document has no response ${ref}`);
  return response;
}

/** The schema a `$ref` points at (one level; component schemas are never bare references). */
export function resolveSchema(document: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components.schemas[name];
  if (!target) throw new Error(`the document has no schema ${schema.$ref}`);
  return target;
}
