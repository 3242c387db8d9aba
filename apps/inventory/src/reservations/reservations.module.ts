import { Module } from '@nestjs/common';
import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { RESERVATIONS_EXPIRED, ReservationExpiry } from './reservation-expiry';
import { ReservationsController } from './reservations.controller';
import { ReservationsRepository } from './reservations.repository';
import { ReservationsService } from './reservations.service';

@Module({
  controllers: [ReservationsController],
  providers: [
    ReservationsRepository,
    ReservationsService,
    ReservationExpiry,
    makeCounterProvider({
      name: RESERVATIONS_EXPIRED,
      help: 'Reservations released automatically because nobody committed them within their TTL',
    }),
  ],
})
export class ReservationsModule {}
