import { getSchemaPath, OpenAPIObject, OperationObject, ParameterObject } from '@nestjs/swagger';
import { IDEMPOTENCY_IGNORED_EXTENSION } from '../idempotency/idempotent.decorator';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  REPLAYED_HEADER,
} from '../idempotency/idempotency-key';
import { ProblemDto } from './problem.dto';

const problem = { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } };

const IN_USE =
  'IDEMPOTENCY_KEY_IN_USE: the first request with this Idempotency-Key is still running; `Retry-After` says ' +
  'when to ask again for its answer';
const REUSED =
  'IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was first used with another request (body, route or caller)';

/**
 * Idempotency-Key as every POST of the document takes it (unless its route ignores the header): the header
 * parameter (optional unless the route requires it), its 409 and 422 answers, and `Idempotent-Replayed` on the
 * answers a retry can get again. Routes that document their own 409 or 422 keep their words, with these added.
 */
export function withIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    parameters: { ...document.components?.parameters, IdempotencyKey: PARAMETER },
    headers: { ...document.components?.headers, IdempotentReplayed: REPLAYED },
    responses: {
      ...document.components?.responses,
      IdempotencyKeyInUse: { description: IN_USE, headers: { 'Retry-After': RETRY_AFTER }, content: problem },
      IdempotencyKeyReused: { description: REUSED, content: problem },
    },
  };
  for (const item of Object.values(document.paths)) {
    const operation = item.post as (OperationObject & Record<string, unknown>) | undefined;
    if (!operation) continue;
    if (operation[IDEMPOTENCY_IGNORED_EXTENSION]) {
      delete operation[IDEMPOTENCY_IGNORED_EXTENSION];
      continue;
    }
    const parameters = operation.parameters ?? [];
    if (!parameters.some((parameter) => (parameter as ParameterObject).name === IDEMPOTENCY_KEY_HEADER)) {
      operation.parameters = [...parameters, { $ref: '#/components/parameters/IdempotencyKey' }];
    }
    const responses = operation.responses;
    for (const [status, name, words] of [
      ['409', 'IdempotencyKeyInUse', IN_USE],
      ['422', 'IdempotencyKeyReused', REUSED],
    ] as const) {
      const own = responses[status];
      if (!own) responses[status] = { $ref: `#/components/responses/${name}` };
      else if (!('$ref' in own)) own.description = `${own.description}; or ${words}`;
    }
    for (const response of Object.values(responses)) {
      if (!response || '$ref' in response) continue;
      response.headers = {
        ...response.headers,
        [REPLAYED_HEADER]: { $ref: '#/components/headers/IdempotentReplayed' },
      };
    }
  }
  return document;
}

const PARAMETER: ParameterObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'Chosen by the client, one per operation it means to perform once (a UUID will do). The first answer to a ' +
    'request with the key is kept for 24 hours (`GATEWAY_IDEMPOTENCY_TTL_MS`), per signed-in user (or client ' +
    'address): the same request again gets it replayed, errors included, with `Idempotent-Replayed: true`; a ' +
    '5xx or a 400 is not kept, so a retry (or a corrected request) runs',
  schema: { type: 'string', pattern: `^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$` },
};

const REPLAYED = {
  description: '`true` when this is the kept answer of an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};

const RETRY_AFTER = { description: 'Seconds to wait before retrying', schema: { type: 'integer' } };
