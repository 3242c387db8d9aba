import { PipeTransform, Type } from '@nestjs/common';
import { createValidationPipe } from './validation';

/** Recognises, by hand, a payload that the DTO's class-validator rules accept exactly as it is. */
export type PlainlyValid<T> = (value: unknown) => value is T;

// Hand-written check in front of class-validator: docs/adr/0015-inventory-hot-path.md
/**
 * The validation of one hot RPC payload in two steps. `plainlyValid` answers, without class-validator, for the
 * payloads real callers send (it may refuse more than the DTO does, never less); those are used as they are.
 * Everything else goes through the platform's ValidationPipe with `dto`, which accepts, refuses and words its
 * errors exactly as before. Only acceptance is hand-written: every refusal still comes from class-validator.
 */
export class HotPayloadPipe<T extends object> implements PipeTransform<unknown, T | Promise<T>> {
  private readonly full = createValidationPipe();

  constructor(
    private readonly dto: Type<T>,
    private readonly plainlyValid: PlainlyValid<T>,
  ) {}

  transform(value: unknown): T | Promise<T> {
    if (this.plainlyValid(value)) return value;
    return this.full.transform(value, { type: 'custom', metatype: this.dto }) as Promise<T>;
  }
}
