import { DomainError } from '@bazaar/platform';

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
