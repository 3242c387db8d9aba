import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { components } from '../../generated/api';

export type Cart = components['schemas']['CartDto'];
export type CartLine = components['schemas']['CartLineDto'];

export const CART_KEY = ['cart'] as const;

/** The signed-in shopper's cart, priced by the catalog now. */
export function cartQuery() {
  return queryOptions({
    queryKey: CART_KEY,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/cart', { signal })),
  });
}

export interface QuantityChange {
  productId: string;
  /** Units in the cart from now on; 0 removes the line. */
  quantity: number;
}

/**
 * Sets a line's quantity (`PUT /cart/items/{productId}`, which answers the whole cart): the answer replaces the
 * cached cart, so lines and totals are the server's, never a client-side sum.
 */
export function useSetQuantity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ productId, quantity }: QuantityChange) =>
      unwrap(
        api.PUT('/api/v1/cart/items/{productId}', {
          params: { path: { productId } },
          body: { quantity },
        }),
      ),
    onSuccess: (cart) => queryClient.setQueryData(CART_KEY, cart),
  });
}
