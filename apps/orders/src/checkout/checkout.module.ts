import { DynamicModule, Module, Type } from '@nestjs/common';
import { OrderRepository } from './order.repository';
import { SagaResumer } from './saga-resumer';
import { SAGA_RUNNER, SagaRunner } from './saga-runner';

/** Orders and their checkout sagas: the store, and the resume loop once a runner is given. */
@Module({ providers: [OrderRepository], exports: [OrderRepository] })
export class CheckoutModule {
  /** The resume loop, handing claimed sagas to `runner`. */
  static withRunner(runner: Type<SagaRunner>): DynamicModule {
    return {
      module: CheckoutModule,
      providers: [OrderRepository, SagaResumer, { provide: SAGA_RUNNER, useClass: runner }],
      exports: [OrderRepository, SagaResumer, SAGA_RUNNER],
    };
  }
}
