import fc from 'fast-check';
import { loadSync, MethodDefinition } from '@grpc/proto-loader';
import { PipeTransform, Type } from '@nestjs/common';
import { INVENTORY_PROTO_PACKAGE, inventoryProtoPath } from '@bazaar/contracts';
import { createValidationPipe, DomainError, GRPC_LOADER_OPTIONS } from '@bazaar/platform';
import {
  isPlainReservationId,
  isPlainReserve,
  reservationIdPipe,
  reservePipe,
} from './reservations/reservation-payloads';
import { ReservationIdDto, ReserveDto } from './reservations/reservations.dto';
import { BatchGetStockDto } from './stock/stock.dto';
import { batchGetStockPipe, isPlainBatchGetStock } from './stock/stock-payloads';

/**
 * The hot payload pipes (docs/adr/0015-inventory-hot-path.md) accept by hand what class-validator would, and hand
 * everything else to the ValidationPipe. Checked here against class-validator itself, on generated payloads around
 * every rule's edges: a pipe must answer exactly as the ValidationPipe with the DTO does (same accepted values,
 * same error code, fields and messages), so an upgrade that changes a rule or its wording shows. And the hand
 * check must really take the payloads callers send, or the fast path would silently be the slow one.
 */

const NIL = '00000000-0000-0000-0000-000000000000';
const MAX = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

const sku = fc.oneof(
  fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,70}$/),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', 'sku-1', 'A'.repeat(64), 'A'.repeat(65), 'A\u0000', '-A', 'É1'),
  fc.constantFrom(null, 7, undefined, ['A']),
);
const plainSku = fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,63}$/).filter((s) => s.length <= 64);
const uuid = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/),
  fc.constantFrom(NIL, MAX, NIL.toUpperCase(), MAX.toUpperCase(), '12345678-1234-0234-8234-123456789012'),
  fc.constantFrom('', 'not-a-uuid', null, 42),
);
const orderId = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.string({ unit: 'binary', maxLength: 70 }),
  fc.constantFrom('', 'o', 'x'.repeat(64), 'x'.repeat(65), '\uFE0F', 'a\uFE0F', '😀'.repeat(40), 'a\u0000'),
  fc.constantFrom(null, 1),
);
const quantity = fc.oneof(
  fc.integer({ min: -2, max: 1_002 }),
  fc.constantFrom(0, 1, 1_000, 1_001, 1.5, Number.NaN, Infinity, '1', null),
);
/** Sometimes a field the DTO does not know, sometimes a missing one. */
const extra = fc.option(fc.constantFrom({ extra: 1 }, { skus: undefined }, { __proto__: null }), {
  nil: undefined,
});

const line = fc.oneof(
  fc.record({ sku, quantity }, { requiredKeys: [] }),
  fc.record({ sku: plainSku, quantity: fc.integer({ min: 1, max: 1_000 }) }),
  fc.constantFrom(null, 'line', [], { sku: 'A', quantity: 1, extra: true }),
);
const reservePayload = fc.oneof(
  fc.record({ reservationId: uuid, orderId, lines: fc.array(line, { maxLength: 52 }) }, { requiredKeys: [] }),
  fc
    .tuple(fc.record({ reservationId: uuid, orderId, lines: fc.array(line, { maxLength: 4 }) }), extra)
    .map(([payload, more]) => ({ ...payload, ...more })),
);
const batchPayload = fc.oneof(
  fc.record({ skus: fc.array(sku, { maxLength: 102 }) }, { requiredKeys: [] }),
  fc
    .tuple(fc.record({ skus: fc.array(plainSku, { minLength: 1, maxLength: 102 }) }), extra)
    .map(([payload, more]) => ({ ...payload, ...more })),
  fc.constantFrom(null, 'skus', [], { skus: 'A' }, { skus: [] }),
);
const reservationIdPayload = fc.oneof(
  fc.record({ reservationId: uuid }, { requiredKeys: [] }),
  fc.tuple(fc.record({ reservationId: uuid }), extra).map(([payload, more]) => ({ ...payload, ...more })),
);

const cases: Array<[string, PipeTransform, Type<object>, fc.Arbitrary<unknown>]> = [
  ['BatchGetStock', batchGetStockPipe, BatchGetStockDto, batchPayload],
  ['Reserve', reservePipe, ReserveDto, reservePayload],
  ['Release/Commit', reservationIdPipe, ReservationIdDto, reservationIdPayload],
];

describe('inventory hot payload pipes against the ValidationPipe they stand in for', () => {
  const reference = createValidationPipe();

  it.each(cases)(
    '%s: answers every generated payload as the ValidationPipe does',
    async (_, pipe, dto, payloads) => {
      await fc.assert(
        fc.asyncProperty(payloads, async (payload) => {
          const expected = await outcome(() =>
            reference.transform(payload, { type: 'custom', metatype: dto }),
          );
          const actual = await outcome(() => pipe.transform(payload, { type: 'custom' }));
          expect(actual).toEqual(expected);
        }),
        { numRuns: 400 },
      );
    },
  );

  it('takes the fast path for the payloads callers send', () => {
    fc.assert(
      fc.property(
        fc.uuid({ version: 7 }),
        fc.stringMatching(/^[ -~]{1,64}$/),
        fc.array(plainSku, { minLength: 1, maxLength: 50 }),
        (reservationId, order, skus) => {
          const unique = [...new Set(skus)];
          expect(isPlainBatchGetStock({ skus })).toBe(true);
          expect(isPlainReservationId({ reservationId })).toBe(true);
          expect(
            isPlainReserve({
              reservationId,
              orderId: order,
              lines: unique.map((s) => ({ sku: s, quantity: 1 })),
            }),
          ).toBe(true);
        },
      ),
    );
  });

  it('takes the fast path for requests as grpc-js and proto-loader hand them to the service', () => {
    const service = loadSync(inventoryProtoPath(), GRPC_LOADER_OPTIONS)[
      `${INVENTORY_PROTO_PACKAGE}.InventoryService`
    ];
    const received = (method: string, request: object): unknown => {
      const definition = (service as Record<string, MethodDefinition<object, object>>)[method];
      return definition.requestDeserialize(definition.requestSerialize(request));
    };
    const reservationId = '01a22683-d506-7749-aa1f-34f154483497';
    expect(isPlainBatchGetStock(received('BatchGetStock', { skus: ['SKU-1', 'SKU-2'] }))).toBe(true);
    expect(isPlainReservationId(received('Release', { reservationId }))).toBe(true);
    expect(
      isPlainReserve(
        received('Reserve', { reservationId, orderId: 'order-1', lines: [{ sku: 'SKU-1', quantity: 2 }] }),
      ),
    ).toBe(true);
  });
});

/** The accepted value as plain data, or the VALIDATION_FAILED error's code, message and fields in order. */
async function outcome(run: () => unknown): Promise<unknown> {
  try {
    return { accepted: JSON.parse(JSON.stringify(await run())) as unknown };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, message: error.message, details: error.details };
  }
}
