import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Caller, CheckoutLineInput, CheckoutRequest, OrderView, ProductView } from '@bazaar/contracts';
import { reasonOf } from '@bazaar/messaging';
import { OrdersConfig } from '../orders.config';
import { CartCatalog } from '../cart/cart-catalog';
import { CartRepository } from '../cart/cart.repository';
import {
  currencyMismatch,
  duplicateProduct,
  idempotencyKeyReused,
  nothingToOrder,
  orderNotFound,
  signInRequired,
} from './checkout.errors';
import { leaseOf, OrderRecord } from './order-records';
import { OrderRepository } from './order.repository';
import { toOrderView } from './order-view';
import { requestHash } from './request-hash';
import { SagaResumer } from './saga-resumer';
import { SAGA_RUNNER, SagaRunner } from './saga-runner';

/** A line to order: a cart line knows the price it was put at (null for lines put before prices were kept). */
type WantedLine = CheckoutLineInput & { unitPrice?: number | null };

interface PricedLine {
  product: ProductView;
  quantity: number;
  cartUnitPrice: number | null;
}

/**
 * Checkout and reading orders. An order is priced by catalog at this moment, written with its saga's first entry
 * and leased to this instance, answered `PENDING`, and its saga started right after the answer: if this instance
 * dies first, the lease expires and any instance's resume loop runs it.
 */
@Injectable()
export class CheckoutService implements OnModuleDestroy {
  private readonly log = new Logger('Checkout');
  /** Sagas started after an answer and still running: shutdown waits for them before the pool closes. */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly orders: OrderRepository,
    private readonly carts: CartRepository,
    private readonly catalog: CartCatalog,
    private readonly resumer: SagaResumer,
    @Inject(SAGA_RUNNER) private readonly runner: SagaRunner,
    private readonly config: OrdersConfig,
  ) {}

  async checkout(caller: Caller | undefined, request: CheckoutRequest): Promise<OrderView> {
    const userId = ownerOf(caller);
    const { idempotencyKey, ...body } = request;
    const fingerprint = requestHash(body);
    // A repeat answers its order without pricing again: the products may have changed or gone since.
    const existing = await this.orders.findByIdempotencyKey(userId, idempotencyKey);
    if (existing) {
      if (existing.requestHash !== fingerprint) throw idempotencyKeyReused(idempotencyKey);
      return toOrderView(existing);
    }
    // From the cart: each line remembers the price it was put at, so the order can say it changed.
    const fromCart = request.lines === undefined;
    const wanted: WantedLine[] = request.lines ?? (await this.carts.lines(userId));
    const lines = await this.priced(wanted);
    const now = Date.now();
    const { order, created } = await this.orders.create({
      userId,
      currency: lines[0].product.price.currency,
      shippingAddress: { ...request.shippingAddress },
      cardToken: request.cardToken,
      idempotencyKey,
      requestHash: fingerprint,
      lines: lines.map(({ product, quantity, cartUnitPrice }) => ({
        productId: product.id,
        sku: product.sku,
        name: product.name,
        unitPrice: product.price.amountMinor,
        quantity,
        cartUnitPrice,
      })),
      fromCart,
      paymentDeadline: new Date(now + this.config.ORDERS_PAYMENT_DEADLINE_MS),
      reservationExpiresAt: new Date(now + this.config.ORDERS_RESERVATION_TTL_MS),
      lease: { owner: this.resumer.owner, leaseMs: this.config.ORDERS_SAGA_LEASE_MS },
    });
    if (created) this.startAfterAnswer(order);
    return toOrderView(order);
  }

  async get(caller: Caller | undefined, orderId: string): Promise<OrderView> {
    const userId = ownerOf(caller);
    const order = await this.orders.findById(orderId);
    // Another user's order is not found rather than forbidden: its existence is not theirs to learn.
    if (!order || order.userId !== userId) throw orderNotFound(orderId);
    return toOrderView(order, await this.orders.steps(orderId));
  }

  /** Each product from catalog now; one currency for the whole order. */
  private async priced(wanted: WantedLine[]): Promise<PricedLine[]> {
    if (wanted.length === 0) throw nothingToOrder();
    const seen = new Set<string>();
    for (const { productId } of wanted) {
      if (seen.has(productId)) throw duplicateProduct(productId);
      seen.add(productId);
    }
    const products = await Promise.all(wanted.map(({ productId }) => this.catalog.product(productId)));
    const currencies = [...new Set(products.map((product) => product.price.currency))];
    if (currencies.length > 1) throw currencyMismatch(currencies);
    return products.map((product, index) => ({
      product,
      quantity: wanted[index].quantity,
      cartUnitPrice: wanted[index].unitPrice ?? null,
    }));
  }

  /** The order was created leased to this instance: run its saga once the answer is on its way. */
  private startAfterAnswer(order: OrderRecord): void {
    setImmediate(() => {
      const run = this.runner
        .advance({ order, lease: leaseOf(order) })
        .catch((error: unknown) =>
          this.log.error({
            msg: 'saga step failed unexpectedly; retried when its lease expires',
            orderId: order.id,
            reason: reasonOf(error),
          }),
        )
        .finally(() => this.running.delete(run));
      this.running.add(run);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

/** The shopper an RPC acts for: the forwarded caller, required. */
export function ownerOf(caller: Caller | undefined): string {
  if (!caller) throw signInRequired();
  return caller.userId;
}
