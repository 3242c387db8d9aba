import { Module } from '@nestjs/common';
import { FaultInjection } from './fault-injection.interceptor';
import { Faults } from './faults';
import { FaultsController } from './faults.controller';

/** The fault knobs, their admin endpoint, and the interceptor that applies them to the API. */
@Module({
  controllers: [FaultsController],
  providers: [Faults, FaultInjection],
  exports: [Faults, FaultInjection],
})
export class FaultsModule {}
