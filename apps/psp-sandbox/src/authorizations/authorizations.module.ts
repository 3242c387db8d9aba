import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { Idempotency } from '../idempotency/idempotency.interceptor';
import { AuthorizationsController } from './authorizations.controller';
import { AuthorizationsService } from './authorizations.service';
import { LedgerStore } from './ledger.store';

/** Authorizations, captures, voids and refunds, with the ledger they leave. */
@Module({
  imports: [FaultsModule],
  controllers: [AuthorizationsController],
  providers: [AuthorizationsService, LedgerStore, IdempotencyStore, Idempotency],
})
export class AuthorizationsModule {}
