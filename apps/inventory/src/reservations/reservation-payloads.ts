import { INVENTORY_LIMITS, inventoryV1 } from '@bazaar/contracts';
import { HotPayloadPipe } from '@bazaar/platform';
import { everyItem, hasExactly, isPlainSku } from '../stock/stock-payloads';
import { ReservationIdDto, ReserveDto } from './reservations.dto';

// Hand-written acceptance beside class-validator: docs/adr/0015-inventory-hot-path.md

/**
 * What `@IsUUID()` accepts (validator's `all`: versions 1 to 8 with the RFC variant, nil and max), which is
 * stricter than a bare hex pattern: ids of version 0 take the class-validator path and are refused there.
 */
const PLAIN_UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

const isPlainUuid = (value: unknown): value is string => typeof value === 'string' && PLAIN_UUID.test(value);

/**
 * Printable ASCII only: class-validator counts a surrogate pair as one character and drops variation selectors
 * from the length, so any other string takes the class-validator path, which measures it its own way.
 */
const PLAIN_ORDER_ID = /^[\x20-\x7e]{1,64}$/;

function isPlainLine(value: unknown): value is inventoryV1.ReservationLine {
  if (!hasExactly(value, ['sku', 'quantity'])) return false;
  const { sku, quantity } = value;
  return (
    isPlainSku(sku) &&
    Number.isInteger(quantity) &&
    (quantity as number) >= 1 &&
    (quantity as number) <= INVENTORY_LIMITS.quantityMax
  );
}

/** `{ reservationId, orderId, lines }` as ReserveDto accepts it, with an ASCII order id. */
export function isPlainReserve(value: unknown): value is inventoryV1.ReserveRequest {
  if (!hasExactly(value, ['reservationId', 'orderId', 'lines'])) return false;
  const { reservationId, orderId, lines } = value;
  return (
    isPlainUuid(reservationId) &&
    typeof orderId === 'string' &&
    PLAIN_ORDER_ID.test(orderId) &&
    Array.isArray(lines) &&
    lines.length >= 1 &&
    lines.length <= INVENTORY_LIMITS.linesMax &&
    everyItem(lines, isPlainLine)
  );
}

/** `{ reservationId }` as ReservationIdDto accepts it. */
export function isPlainReservationId(value: unknown): value is inventoryV1.ReservationRequest {
  return hasExactly(value, ['reservationId']) && isPlainUuid(value.reservationId);
}

/** Checkout reserves, then commits or releases, once per order. */
export const reservePipe = new HotPayloadPipe(ReserveDto, isPlainReserve);
export const reservationIdPipe = new HotPayloadPipe(ReservationIdDto, isPlainReservationId);
