import { Injectable } from '@nestjs/common';
import {
  AdminListOrdersRequest,
  AdminOrderPage,
  Caller,
  ListOrdersRequest,
  OrderPage,
  ORDERS_LIMITS,
} from '@bazaar/contracts';
import { pageOf } from '@bazaar/platform';
import { adminOnly, invalidCursor, signInRequired } from './checkout.errors';
import { ownerOf } from './checkout.service';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';
import { OrderPageQuery, OrderPages } from './order-pages.repository';
import { toOrderSummaryView } from './order-view';

/** The order lists: a shopper's own, and every shopper's for administrators (COMPENSATION_FAILED ones too). */
@Injectable()
export class OrderListService {
  constructor(private readonly pages: OrderPages) {}

  async mine(caller: Caller | undefined, request: ListOrdersRequest): Promise<OrderPage> {
    const userId = ownerOf(caller);
    const { query, limit } = pageQueryOf(request);
    const rows = await this.pages.ofUser(userId, query);
    return pageOf(rows, limit, toOrderSummaryView, (last) => encodeOrderCursor(last.id));
  }

  async all(caller: Caller | undefined, request: AdminListOrdersRequest): Promise<AdminOrderPage> {
    // The gateway checks the role; this is the second line, as payments' admin views have it.
    if (!caller) throw signInRequired();
    if (!caller.roles.includes('admin')) throw adminOnly();
    const { query, limit } = pageQueryOf(request);
    const rows = await this.pages.all(request.status, query);
    return pageOf(
      rows,
      limit,
      (row) => ({ ...toOrderSummaryView(row), userId: row.userId }),
      (last) => encodeOrderCursor(last.id),
    );
  }
}

function pageQueryOf(request: ListOrdersRequest): { query: OrderPageQuery; limit: number } {
  const limit = request.limit ?? ORDERS_LIMITS.pageSizeDefault;
  const beforeId = request.cursor === undefined ? undefined : decodeOrderCursor(request.cursor);
  if (request.cursor !== undefined && beforeId === undefined) throw invalidCursor();
  return { query: { beforeId, take: limit + 1 }, limit };
}
