import { plainToInstance } from 'class-transformer';
import {
  IsISO8601,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Validate,
  validateSync,
  ValidationError,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { EVENT_LIMITS, EVENT_TYPES, EventEnvelope, EventType, isEventTypeName } from '@bazaar/contracts';

@ValidatorConstraint({ name: 'eventTypeName' })
class EventTypeName implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isEventTypeName(value);
  }

  defaultMessage(): string {
    return 'type must look like <producer>.<entity>.<fact>.v<version>';
  }
}

class EnvelopeShape {
  @IsUUID()
  id!: string;

  @IsString()
  @Length(1, EVENT_LIMITS.typeMaxLength)
  @Validate(EventTypeName)
  type!: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsString()
  @Length(1, EVENT_LIMITS.producerMaxLength)
  producer!: string;

  @IsString()
  @Length(1, EVENT_LIMITS.correlationIdMaxLength)
  correlationId!: string;

  @IsString()
  @Length(1, EVENT_LIMITS.aggregateIdMaxLength)
  aggregateId!: string;

  @IsObject()
  payload!: object;
}

export type ReadEnvelope =
  | { ok: true; envelope: EventEnvelope; event: EventType }
  | { ok: false; problem: 'malformed'; reason: string; envelope?: undefined }
  | { ok: false; problem: 'unknown-type'; reason: string; envelope: EventEnvelope }
  | { ok: false; problem: 'invalid-payload'; reason: string; envelope: EventEnvelope };

/**
 * Checks a delivered body before any handler sees it: a well-formed envelope, a known event type, and a payload
 * that passes that type's validation class. Returns the reason in words when it does not.
 */
export function readEnvelope(
  body: unknown,
  types: ReadonlyMap<string, EventType> = EVENT_TYPES,
): ReadEnvelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problem: 'malformed', reason: 'the message is not a JSON object' };
  }
  const shape = plainToInstance(EnvelopeShape, body);
  const shapeErrors = validateSync(shape, { forbidUnknownValues: true });
  if (shapeErrors.length > 0) {
    return { ok: false, problem: 'malformed', reason: `invalid envelope: ${describe(shapeErrors)}` };
  }
  const envelope = body as EventEnvelope;
  const event = types.get(envelope.type);
  if (!event) {
    return { ok: false, problem: 'unknown-type', reason: `unknown event type ${envelope.type}`, envelope };
  }
  const payload = plainToInstance(event.payload, envelope.payload);
  const payloadErrors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (payloadErrors.length > 0) {
    return {
      ok: false,
      problem: 'invalid-payload',
      reason: `invalid ${envelope.type} payload: ${describe(payloadErrors)}`,
      envelope,
    };
  }
  return { ok: true, envelope, event };
}

function describe(errors: ValidationError[], prefix = ''): string {
  return errors
    .flatMap((error) => {
      const path = `${prefix}${error.property}`;
      const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
      const nested = error.children?.length ? [describe(error.children, `${path}.`)] : [];
      return [...own, ...nested];
    })
    .join('; ');
}
