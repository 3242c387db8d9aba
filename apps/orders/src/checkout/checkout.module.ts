import { DynamicModule, Module, Type } from '@nestjs/common';
import { OrderRepository } from './order.repository';
import { SagaLeases } from './saga-leases';
import { SagaResumer } from './saga-resumer';
import { SAGA_RUNNER, SagaRunner } from './saga-runner';

/** Orders and their checkout sagas: the store, and the resume loop once a runner is given. */
@Module({ providers: [OrderRepository, SagaLeases], exports: [OrderRepository, SagaLeases] })
export class CheckoutModule {
  /** The resume loop, handing claimed sagas to `runner`. */
  static withRunner(runner: Type<SagaRunner>): DynamicModule {
    return {
      module: CheckoutModule,
      providers: [OrderRepository, SagaLeases, SagaResumer, { provide: SAGA_RUNNER, useClass: runner }],
      exports: [OrderRepository, SagaLeases, SagaResumer, SAGA_RUNNER],
    };
  }
}
