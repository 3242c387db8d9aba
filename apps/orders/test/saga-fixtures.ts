import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ORDERS_FOUNDATION } from '../src/app.module';
import { CheckoutModule } from '../src/checkout/checkout.module';
import { NewOrder } from '../src/checkout/order-records';
import { requestHash } from '../src/checkout/request-hash';

/** An order request as checkout will build it (prices from catalog), for a fresh shopper unless given one. */
export function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  const body = {
    lines: [
      { productId: randomUUID(), sku: 'MUG-001', name: 'Mug', unitPrice: 1_250, quantity: 2 },
      { productId: randomUUID(), sku: 'TEE-042', name: 'T-shirt', unitPrice: 1_999, quantity: 1 },
    ],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 St James Sq',
      city: 'London',
      postalCode: 'SW1Y 4JH',
      country: 'GB',
    },
    cardToken: 'tok_approved',
    currency: 'EUR',
  };
  return {
    userId: randomUUID(),
    idempotencyKey: randomUUID(),
    requestHash: requestHash(body),
    ...body,
    ...overrides,
  };
}

/** Orders with its saga store and no resume loop: sagas move only as the test moves them. */
@Module({ imports: [...ORDERS_FOUNDATION, CheckoutModule] })
export class OrdersStoreModule {}
