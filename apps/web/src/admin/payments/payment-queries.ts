import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { components } from '../../generated/api';
import { type MoneyValue } from '../../ui/Money';
import { isCurrency } from '../products/price';

export type Payment = components['schemas']['PaymentDto'];
export type PaymentStatus = Payment['status'];
export type Breaker = components['schemas']['BreakerDto'];

export const PAYMENT_STATUSES: readonly PaymentStatus[] = [
  'PENDING',
  'AUTHORIZED',
  'DECLINED',
  'CAPTURED',
  'REFUNDED',
  'VOIDED',
];

/** How often the breakers are asked again while a page shows them: an open breaker probes within seconds. */
export const BREAKER_REFRESH_MS = 5_000;

export function isPaymentStatus(value: string | null): value is PaymentStatus {
  return value !== null && (PAYMENT_STATUSES as readonly string[]).includes(value);
}

export interface PaymentFilter {
  status?: PaymentStatus;
  orderId?: string;
}

export function paymentPages(filter: PaymentFilter) {
  return infiniteQueryOptions({
    queryKey: ['admin', 'payments', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/admin/payments', {
          params: { query: { cursor: pageParam, limit: 20, status: filter.status, orderId: filter.orderId } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function payment(id: string) {
  return queryOptions({
    queryKey: ['admin', 'payment', id],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/admin/payments/{id}', { params: { path: { id } }, signal })),
  });
}

export function breakers() {
  return queryOptions({
    queryKey: ['admin', 'breakers'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/admin/payments/breakers', { signal })),
    refetchInterval: BREAKER_REFRESH_MS,
    staleTime: 0,
  });
}

/** A payment's amount as money; the API types its currency as any string, the shop only uses its six. */
export function moneyOf(amountMinor: number, currency: string): MoneyValue | undefined {
  return isCurrency(currency) ? { amountMinor, currency } : undefined;
}
