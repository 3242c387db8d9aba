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
  403: 'Signed in, but without the role this route needs',
  404: 'No such resource',
  409: 'Conflicts with existing data',
  422: 'Well-formed but refused by a rule (e.g. a weak password); `errors` names the field',
};

/**
 * Documents the error responses an operation itself decides on (403, 404, 409, 422...) as problem+json. The
 * ones every operation can answer (400, 401, 429, 500, 503...) are added to the whole document by
 * `withPlatformResponses`.
 */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[...new Set(statuses)].sort().map((status) => ApiProblem(status, DESCRIPTIONS[status] ?? 'Error')),
  );
}

/** One problem+json response, described for this operation (a 403 that is not about roles, say). */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
  });
}
