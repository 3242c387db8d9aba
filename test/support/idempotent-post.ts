import { ProblemDetails, PSP_TEST_CARDS } from '@bazaar/contracts';
import { jsonHeaders, SHIPPING_ADDRESS } from './api';

export const ADDRESS = SHIPPING_ADDRESS;
/** The headers a replay must send again as they were first sent. */
const ANSWER_HEADERS = ['content-type', 'location', 'cache-control'];

/** An HTTP answer as a client saw it. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The body as sent, to compare replays byte for byte. */
  text: string;
}

/** A JSON POST, with an Idempotency-Key when given (and accepting gzip, so large answers are compressed). */
export async function post(
  url: string,
  token: string | undefined,
  body: unknown,
  key?: string,
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...jsonHeaders(token),
      'accept-encoding': 'gzip',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The problem+json body of an error answer. */
export function problem(answer: Answer): ProblemDetails {
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return JSON.parse(answer.text) as ProblemDetails;
}

/** A checkout of one unit of each product, paid with an approved card. */
export const checkoutOf = (...productIds: string[]) => ({
  lines: productIds.map((productId) => ({ productId, quantity: 1 })),
  shippingAddress: SHIPPING_ADDRESS,
  cardToken: PSP_TEST_CARDS.approved,
});

/** `replay` is `first` sent again: same status, body bytes and answer headers, marked as a replay. */
export function expectReplayOf(replay: Answer, first: Answer): void {
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.status).toBe(first.status);
  expect(replay.text).toBe(first.text);
  for (const name of ANSWER_HEADERS) expect(replay.headers.get(name)).toBe(first.headers.get(name));
}
