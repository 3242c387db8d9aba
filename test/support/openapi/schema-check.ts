import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { OpenApiDocument, Schema } from './document';

const DOCUMENT_ID = 'openapi';

/**
 * Validates answers against the document's schemas with Ajv (which understands OpenAPI's `nullable`), strictly:
 * an object may carry only the properties its schema lists, unless the schema says otherwise. A schema that
 * does not name a field the API answers is as wrong as one that names a field it leaves out.
 */
export class SchemaCheck {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<Schema, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(
      { $id: DOCUMENT_ID, components: { schemas: closed(document.components.schemas) } },
      DOCUMENT_ID,
    );
  }

  /** The ways `value` breaks `schema`, or an empty list. */
  problems(schema: Schema, value: unknown): string[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(closed(schema));
      this.compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
    );
  }
}

/** A copy of a schema whose references point into the registered document and whose objects are closed. */
function closed<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => closed(item)) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/'))
      copy[key] = `${DOCUMENT_ID}${value}`;
    // `example` and `default` hold data, not schemas.
    else if (key === 'example' || key === 'default') copy[key] = value;
    else copy[key] = closed(value);
  }
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy as T;
}
