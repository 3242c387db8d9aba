import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { api, newIdempotencyKey } from '../../api/client';
import { ApiProblem, unwrap } from '../../api/problem';
import type { components } from '../../generated/api';
import { CART_KEY } from '../cart/cart-query';

export type ShippingAddress = components['schemas']['ShippingAddressDto'];
export type Order = components['schemas']['OrderDto'];

export interface OrderRequest {
  shippingAddress: ShippingAddress;
  cardToken: string;
}

/** One attempt to place an order: the key it is sent with, for the body it was made for. */
interface Attempt {
  key: string;
  body: string;
}

/**
 * Whether a failure leaves it unknown if the order was placed: no answer, a 5xx, a timeout, or the same key still
 * being worked on. Only then is the attempt repeated, with its key, so the gateway answers with the first
 * result instead of placing a second order. A refusal (other 4xx) is an answer: the next submit is a new attempt.
 */
export function outcomeUnknown(error: unknown): boolean {
  return (
    error instanceof ApiProblem &&
    (error.status === 0 ||
      error.status >= 500 ||
      error.status === 408 ||
      error.code === 'IDEMPOTENCY_KEY_IN_USE')
  );
}

/** Automatic retries of an attempt whose outcome is unknown, before the shopper is asked. */
const AUTOMATIC_RETRIES = 2;

/**
 * Places the order (`POST /api/v1/orders`) from the cart. Each attempt gets a fresh Idempotency-Key; automatic
 * retries and a manual "Try again" of the same attempt (same address and card, outcome unknown) reuse it. A
 * second submit while one is in flight is ignored, so a double click sends one request.
 */
export function usePlaceOrder({ onPlaced }: { onPlaced: (order: Order) => void }) {
  const queryClient = useQueryClient();
  const attempt = useRef<Attempt | undefined>(undefined);
  // The mutation's own `isPending` reaches the component a render later; a second click can come before that.
  const inFlight = useRef(false);
  const mutation = useMutation({
    mutationFn: ({ key, request }: { key: string; request: OrderRequest }) =>
      unwrap(
        api.POST('/api/v1/orders', {
          params: { header: { 'Idempotency-Key': key } },
          body: request,
        }),
      ),
    retry: (failures, error) => failures < AUTOMATIC_RETRIES && outcomeUnknown(error),
    retryDelay: (failures) => 500 * 2 ** failures,
    onSuccess: (order) => {
      // The order was made from the cart, which checkout empties; the order list has a new first entry.
      void queryClient.invalidateQueries({ queryKey: CART_KEY });
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      onPlaced(order);
    },
  });
  const { mutate, error } = mutation;

  const place = useCallback(
    (request: OrderRequest) => {
      if (inFlight.current) return;
      const body = JSON.stringify(request);
      const sameAttempt = attempt.current?.body === body && outcomeUnknown(error);
      if (!attempt.current || !sameAttempt) attempt.current = { key: newIdempotencyKey(), body };
      inFlight.current = true;
      mutate(
        { key: attempt.current.key, request },
        {
          onSettled: () => {
            inFlight.current = false;
          },
        },
      );
    },
    [mutate, error],
  );

  return { place, mutation };
}
