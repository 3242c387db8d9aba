import { inventoryV1 } from '@bazaar/contracts';
import { DomainError, validationError } from '@bazaar/platform';

export const reservationNotFound = (id: string) =>
  new DomainError('RESERVATION_NOT_FOUND', `No reservation ${id}.`, { reservationId: id });

export const reservationClosed = (id: string, status: string, action: string) =>
  new DomainError(
    'RESERVATION_CLOSED',
    `Reservation ${id} is ${status.toLowerCase()}: it cannot be ${action}.`,
    {
      reservationId: id,
      status,
    },
  );

export const unknownSkus = (skus: string[]) =>
  new DomainError('SKU_NOT_FOUND', `No stock for ${skus.join(', ')}.`, { skus });

export const insufficientStock = (lines: inventoryV1.ShortLine[]) =>
  new DomainError(
    'INSUFFICIENT_STOCK',
    `Not enough stock for ${lines.map((l) => `${l.sku} (asked ${l.requested}, available ${l.available})`).join(', ')}.`,
    { lines },
  );

export const duplicateSkus = () =>
  validationError([{ field: 'lines', messages: ['each sku may appear on one line only'] }]);
