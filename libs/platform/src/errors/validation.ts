import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldViolation } from '@bazaar/contracts';
import { DomainError } from './domain-error';
import { nulViolations } from './nul-characters';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID of any version, in either case: what class-validator's `@IsUUID()` accepts. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Flattens nested class-validator errors into `field.path: messages`. */
export function toFieldViolations(errors: ValidationError[], prefix = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldViolations(error.children ?? [], field)];
  });
}

export function validationError(fields: FieldViolation[]): DomainError {
  const names = fields.map((f) => f.field).join(', ');
  return new DomainError('VALIDATION_FAILED', `Invalid value for: ${names}`, { fields });
}

/**
 * Nest's ValidationPipe, which first refuses any string holding U+0000 (see nul-characters.ts): the one rule
 * for NUL, applied to every argument a pipe sees, typed or not (a path parameter, a whole query, an RPC payload).
 */
class PlatformValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nul = nulViolations(value, metadata.data ?? '');
    if (nul.length > 0) return Promise.reject(validationError(nul));
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * Strict validation for every inbound payload, HTTP or RPC: no NUL characters, unknown fields are rejected,
 * values are converted to their declared types, and failures become a VALIDATION_FAILED domain error naming
 * each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validateCustomDecorators: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationError(toFieldViolations(errors)),
  });
}
