import { DynamicModule, ModuleMetadata, Module, Provider, Type } from '@nestjs/common';
import { OrderRepository } from './order.repository';
import { SagaMetrics, sagaMetricProviders } from './saga-metrics';
import { SagaLeases } from './saga-leases';
import { SagaResumer } from './saga-resumer';
import { SAGA_RUNNER, SagaRunner } from './saga-runner';

export interface CheckoutParts {
  providers?: Provider[];
  imports?: ModuleMetadata['imports'];
  controllers?: Type<unknown>[];
}

/** The saga store and what it counts on `/metrics`. */
const STORE: Provider[] = [OrderRepository, SagaLeases, SagaMetrics, ...sagaMetricProviders];

/** Orders and their checkout sagas: the store, and the resume loop once a runner is given. */
@Module({ providers: STORE, exports: [OrderRepository, SagaLeases] })
export class CheckoutModule {
  /**
   * The resume loop, handing claimed sagas to `runner`; `parts` adds what the runner and the use cases built on it
   * need (their providers, the modules they import, the controllers that serve them).
   */
  static withRunner(runner: Type<SagaRunner>, parts: CheckoutParts = {}): DynamicModule {
    return {
      module: CheckoutModule,
      imports: parts.imports ?? [],
      controllers: parts.controllers ?? [],
      providers: [
        ...STORE,
        SagaResumer,
        ...(parts.providers ?? []),
        { provide: SAGA_RUNNER, useClass: runner },
      ],
      exports: [OrderRepository, SagaLeases, SagaResumer, SAGA_RUNNER],
    };
  }
}
