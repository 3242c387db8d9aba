import { OrderStepView, OrderView, ShippingAddressInput } from '@bazaar/contracts';
import { OrderRecord, StepRecord } from './order-records';

/** An order as its owner sees it: amounts with their currency, times in ISO 8601, no saga bookkeeping. */
export function toOrderView(order: OrderRecord, steps?: StepRecord[]): OrderView {
  const money = (amountMinor: number) => ({ amountMinor, currency: order.currency });
  return {
    id: order.id,
    status: order.status,
    lines: order.lines.map((line) => ({
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      unitPrice: money(line.unitPrice),
      quantity: line.quantity,
      lineTotal: money(line.unitPrice * line.quantity),
    })),
    total: money(order.total),
    shippingAddress: order.shippingAddress as unknown as ShippingAddressInput,
    paymentDeadline: order.paymentDeadline?.toISOString() ?? null,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(steps ? { steps: steps.map(toStepView) } : {}),
  };
}

const toStepView = (entry: StepRecord): OrderStepView => ({
  step: entry.step,
  kind: entry.kind,
  outcome: entry.outcome,
  attempt: entry.attempt,
  detail: entry.detail,
  status: entry.status,
  at: entry.at.toISOString(),
});
