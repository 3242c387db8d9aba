import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CATALOG, ErrorCode, FieldViolation, ProblemDetails } from '@bazaar/contracts';

class FieldViolationDto implements FieldViolation {
  @ApiProperty({ example: 'limit' })
  field!: string;

  @ApiProperty({ type: [String], example: ['limit must not be greater than 100'] })
  messages!: string[];
}

/** RFC 9457 problem details, as every error of the API is answered. */
export class ProblemDto implements ProblemDetails {
  @ApiProperty({ example: 'https://bazaar.dev/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'Invalid value for: limit' })
  detail!: string;

  @ApiProperty({ enum: Object.keys(ERROR_CATALOG), example: 'VALIDATION_FAILED' })
  code!: ErrorCode;

  @ApiPropertyOptional({ example: '/api/v1/products?limit=0' })
  instance?: string;

  @ApiPropertyOptional({ example: '5f0c6f4e-2b7d-4d4e-9a51-1f7f3c1f2a10' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldViolationDto] })
  errors?: FieldViolationDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `errors` names each field',
  401: 'No valid access token (missing, malformed, expired or revoked), or wrong credentials',
  403: 'Signed in, but without the role this route needs',
  422: 'Well-formed but refused by a rule (e.g. a weak password); `errors` names the field',
  429: 'Rate limit reached; `Retry-After` says when to retry',
  404: 'No such resource',
  409: 'Conflicts with existing data',
  413: 'Request body too large',
  415: 'Unsupported content type',
  500: 'Unexpected error (details are in the logs under the request ID)',
  503: 'A service behind the gateway is unavailable or did not answer in time',
};

/** Documents error responses as problem+json. 500 and 503 apply to every route and are always added. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([...statuses, 500, 503])].sort();
  return applyDecorators(
    ...all.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
