import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { components } from '../../generated/api';

export type AdminOrder = components['schemas']['AdminOrderSummaryDto'];
export type OrderStatus = AdminOrder['status'];

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'PENDING',
  'STOCK_RESERVED',
  'PAYMENT_AUTHORIZED',
  'CONFIRMED',
  'REJECTED',
  'CANCELLING',
  'CANCELLED',
  'COMPENSATION_FAILED',
  'REFUNDING',
  'REFUNDED',
];

/** The one status that waits for a person: a compensation or refund that kept failing, parked by the saga. */
export const NEEDS_ATTENTION: OrderStatus = 'COMPENSATION_FAILED';

export function isOrderStatus(value: string | null): value is OrderStatus {
  return value !== null && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function adminOrderPages(status: OrderStatus | undefined) {
  return infiniteQueryOptions({
    queryKey: ['admin', 'orders', { status }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/admin/orders', {
          params: { query: { cursor: pageParam, limit: 20, status } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** How many orders wait for an admin, counted up to one page of 100 (the overview says "100+" beyond). */
export function stuckOrders() {
  return queryOptions({
    queryKey: ['admin', 'orders', 'stuck-count'],
    queryFn: async ({ signal }) => {
      const page = await unwrap(
        api.GET('/api/v1/admin/orders', {
          params: { query: { limit: 100, status: NEEDS_ATTENTION } },
          signal,
        }),
      );
      return { count: page.items.length, more: page.nextCursor !== null };
    },
  });
}
