import { IsUUID } from 'class-validator';
import { DomainError, createValidationPipe } from '@bazaar/platform';
import { ProductIdPipe } from './product-id.pipe';

/** The DTO the by-id patterns were validated with before ProductIdPipe replaced it. */
class ProductIdDto {
  @IsUUID()
  id!: string;
}

const UUID = '01a22683-d506-7749-aa1f-34f154483497';

/**
 * ProductIdPipe repeats, by hand, what the global ValidationPipe and class-validator answer for `{ id }`
 * (docs/adr/0011-catalog-by-id-read-path.md): the same accepted ids, the same fields and messages. Checked
 * here against class-validator itself, so an upgrade that changes its rules or wording shows.
 */
describe('ProductIdPipe against the ValidationPipe it stands in for', () => {
  const inputs: unknown[] = [
    { id: UUID },
    { id: UUID.toUpperCase() },
    { id: '00000000-0000-0000-0000-000000000000' },
    { id: 'not-a-uuid' },
    { id: 42 },
    {},
    { id: UUID, extra: true },
    { name: 'x', other: 1 },
  ];

  it.each(inputs.map((input) => [JSON.stringify(input), input]))('answers %s alike', async (_, input) => {
    const reference = await outcome(() =>
      createValidationPipe().transform(input, { type: 'body', metatype: ProductIdDto }),
    );
    const pipe = await outcome(() => new ProductIdPipe().transform(input));
    expect(pipe).toEqual(reference);
  });
});

/**
 * `{ id }` when accepted, else the fields of the VALIDATION_FAILED error by name. Not their order: with an
 * unknown field and a bad id together, the ValidationPipe lists the unknown fields first, the pipe the id.
 */
async function outcome(run: () => unknown): Promise<unknown> {
  try {
    const { id } = (await run()) as { id: unknown };
    return { accepted: id };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const fields = (error.details?.fields ?? []) as Array<{ field: string; messages: string[] }>;
    return { code: error.code, fields: [...fields].sort((a, b) => a.field.localeCompare(b.field)) };
  }
}
