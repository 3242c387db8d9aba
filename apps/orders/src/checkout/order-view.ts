import {
  OrderLineView,
  OrderStepView,
  OrderSummaryView,
  OrderView,
  ShippingAddressInput,
} from '@bazaar/contracts';
import { OrderLineRecord, OrderRecord, StepRecord } from './order-records';

/** An order as its owner sees it: amounts with their currency, times in ISO 8601, no saga bookkeeping. */
export function toOrderView(order: OrderRecord, steps?: StepRecord[]): OrderView {
  const money = (amountMinor: number) => ({ amountMinor, currency: order.currency });
  const toLineView = (line: OrderLineRecord): OrderLineView => ({
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    unitPrice: money(line.unitPrice),
    quantity: line.quantity,
    lineTotal: money(line.unitPrice * line.quantity),
    cartUnitPrice: line.cartUnitPrice === null ? null : money(line.cartUnitPrice),
    // The order charges the price at checkout; this says it is not the one the cart had.
    priceChanged: line.cartUnitPrice !== null && line.cartUnitPrice !== line.unitPrice,
  });
  return {
    id: order.id,
    status: order.status,
    lines: order.lines.map(toLineView),
    total: money(order.total),
    shippingAddress: order.shippingAddress as unknown as ShippingAddressInput,
    paymentDeadline: order.paymentDeadline?.toISOString() ?? null,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(steps ? { steps: steps.map(toStepView) } : {}),
  };
}

/** What a list shows of an order (OrderSummary from order-pages.repository.ts). */
export interface OrderSummary {
  id: string;
  userId: string;
  status: OrderRecord['status'];
  currency: string;
  total: number;
  linesCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export const toOrderSummaryView = (order: OrderSummary): OrderSummaryView => ({
  id: order.id,
  status: order.status,
  total: { amountMinor: order.total, currency: order.currency },
  linesCount: order.linesCount,
  createdAt: order.createdAt.toISOString(),
  updatedAt: order.updatedAt.toISOString(),
});

const toStepView = (entry: StepRecord): OrderStepView => ({
  step: entry.step,
  kind: entry.kind,
  outcome: entry.outcome,
  attempt: entry.attempt,
  detail: entry.detail,
  status: entry.status,
  at: entry.at.toISOString(),
});
