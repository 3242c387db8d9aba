/**
 * Error codes that cross process boundaries. Services throw `DomainError(code, ...)`; the platform carries
 * `{ code, message, details }` over RPC; the gateway renders the HTTP status and title below as problem+json.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid request' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  REFRESH_TOKEN_INVALID: { status: 401, title: 'Invalid refresh token' },
  SERVICE_TOKEN_INVALID: { status: 401, title: 'Invalid service token' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  // The gateway's browser sessions: the X-CSRF-Token header must repeat the bazaar_csrf cookie.
  CSRF_TOKEN_INVALID: { status: 403, title: 'Missing or wrong CSRF token' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  CONFLICT: { status: 409, title: 'Conflict' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  URI_TOO_LONG: { status: 414, title: 'URI too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request header fields too large' },
  WEAK_PASSWORD: { status: 422, title: 'Password too weak' },
  EMAIL_TAKEN: { status: 409, title: 'Email already registered' },
  USER_NOT_FOUND: { status: 404, title: 'User not found' },
  LAST_ADMIN: { status: 409, title: 'Last administrator' },
  PRODUCT_NOT_FOUND: { status: 404, title: 'Product not found' },
  CATEGORY_NOT_FOUND: { status: 404, title: 'Category not found' },
  PRODUCT_SKU_TAKEN: { status: 409, title: 'SKU already in use' },
  SKU_NOT_FOUND: { status: 404, title: 'Unknown SKU' },
  INSUFFICIENT_STOCK: { status: 409, title: 'Insufficient stock' },
  RESERVATION_NOT_FOUND: { status: 404, title: 'Reservation not found' },
  RESERVATION_CLOSED: { status: 409, title: 'Reservation already closed' },
  DEAD_LETTER_NOT_FOUND: { status: 404, title: 'Dead letter not found' },
  // The card processor's answers (psp-sandbox), as a card network names them.
  CARD_DECLINED: { status: 402, title: 'Card declined' },
  CARD_INSUFFICIENT_FUNDS: { status: 402, title: 'Insufficient funds' },
  CARD_EXPIRED: { status: 402, title: 'Card expired' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused with another request' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, title: 'A request with this idempotency key is in progress' },
  AUTHORIZATION_NOT_FOUND: { status: 404, title: 'Authorization not found' },
  AUTHORIZATION_STATE: { status: 409, title: "Not possible in the authorization's state" },
  AMOUNT_TOO_LARGE: { status: 422, title: 'Amount above what is left' },
  // The payments service's own refusals: checked before any call to the provider.
  PAYMENT_NOT_FOUND: { status: 404, title: 'Payment not found' },
  PAYMENT_STATE: { status: 409, title: "Not possible in the payment's state" },
  PAYMENT_AMOUNT_EXCEEDED: { status: 422, title: 'Amount above what the payment allows' },
  PAYMENT_PROVIDER_UNAVAILABLE: { status: 503, title: 'Payment provider unavailable' },
  // The orders service's cart.
  CART_FULL: { status: 409, title: 'Cart is full' },
  CART_CURRENCY_MISMATCH: { status: 409, title: 'Product priced in another currency than the cart' },
  // The orders service's checkout.
  CART_EMPTY: { status: 409, title: 'Nothing to order' },
  ORDER_CURRENCY_MISMATCH: { status: 409, title: 'Products priced in more than one currency' },
  ORDER_NOT_FOUND: { status: 404, title: 'Order not found' },
  ORDER_STATE: { status: 409, title: "Not possible in the order's state" },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOG, value);
}

/** One invalid input field, as reported in `details.fields` of a VALIDATION_FAILED error. */
export interface FieldViolation {
  field: string;
  messages: string[];
}

/** The shape an error takes on the wire between services. */
export interface RpcErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** RFC 9457 problem details, as the gateway and every ops endpoint answer errors. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: FieldViolation[];
}
