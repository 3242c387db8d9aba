import { Injectable, PipeTransform } from '@nestjs/common';
import { FieldViolation, GetProductRequest } from '@bazaar/contracts';
import { isUuid, validationError } from '@bazaar/platform';

// Repeats class-validator's rule and messages: docs/adr/0011-catalog-by-id-read-path.md
/**
 * The `{ id }` payload of the by-id patterns, held to the same rules as the global ValidationPipe (a UUID, no
 * other field) with the same messages, but without class-validator: reading one product is catalog's hottest
 * call, and transforming and validating a one-field class cost a fifth of its CPU per read.
 */
@Injectable()
export class ProductIdPipe implements PipeTransform<unknown, GetProductRequest> {
  transform(value: unknown): GetProductRequest {
    const payload = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const fields: FieldViolation[] = [];
    if (!isUuid(payload.id)) fields.push({ field: 'id', messages: ['id must be a UUID'] });
    for (const key of Object.keys(payload)) {
      if (key !== 'id') fields.push({ field: key, messages: [`property ${key} should not exist`] });
    }
    if (fields.length > 0) throw validationError(fields);
    return { id: payload.id as string };
  }
}
