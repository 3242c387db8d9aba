import { Module } from '@nestjs/common';
import { PaymentProvider } from '../provider/payment-provider';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

/** Payments, their operations and attempts, and the card processor behind its circuit breaker. */
@Module({
  controllers: [PaymentsController],
  providers: [PaymentsService, PaymentsRepository, PaymentProvider],
})
export class PaymentsModule {}
