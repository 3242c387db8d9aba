import { Module } from '@nestjs/common';
import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { RESERVATIONS_EXPIRED, ReservationExpiry } from './reservation-expiry';
import { ReservationStore } from './reservation-store';
import { ReservationsService } from './reservations.service';

@Module({
  providers: [
    ReservationStore,
    ReservationsService,
    ReservationExpiry,
    makeCounterProvider({
      name: RESERVATIONS_EXPIRED,
      help: 'Reservations released automatically because nobody committed them within their TTL',
    }),
  ],
  exports: [ReservationsService],
})
export class ReservationsModule {}
