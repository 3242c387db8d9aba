import { ERROR_CATALOG, ErrorCode } from '@bazaar/contracts';

/**
 * The gRPC status codes, fixed by the protocol (grpc/grpc doc/statuscodes.md) and named as `@grpc/grpc-js`'s
 * `status` names them (a unit test compares the two): a constant, so that mapping errors does not load gRPC.
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcStatus = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/** Codes whose gRPC status does not follow from their HTTP status alone. */
const EXPLICIT: Partial<Record<ErrorCode, GrpcStatus>> = {
  EMAIL_TAKEN: GrpcStatus.ALREADY_EXISTS,
  PRODUCT_SKU_TAKEN: GrpcStatus.ALREADY_EXISTS,
  WEAK_PASSWORD: GrpcStatus.INVALID_ARGUMENT,
};

const BY_HTTP_STATUS: Record<number, GrpcStatus> = {
  400: GrpcStatus.INVALID_ARGUMENT,
  401: GrpcStatus.UNAUTHENTICATED,
  403: GrpcStatus.PERMISSION_DENIED,
  404: GrpcStatus.NOT_FOUND,
  405: GrpcStatus.UNIMPLEMENTED,
  408: GrpcStatus.DEADLINE_EXCEEDED,
  409: GrpcStatus.FAILED_PRECONDITION,
  413: GrpcStatus.INVALID_ARGUMENT,
  414: GrpcStatus.INVALID_ARGUMENT,
  415: GrpcStatus.INVALID_ARGUMENT,
  422: GrpcStatus.INVALID_ARGUMENT,
  429: GrpcStatus.RESOURCE_EXHAUSTED,
  431: GrpcStatus.INVALID_ARGUMENT,
  503: GrpcStatus.UNAVAILABLE,
};

/** The gRPC status a domain error is answered with. */
export function grpcStatusOf(code: ErrorCode): GrpcStatus {
  return EXPLICIT[code] ?? BY_HTTP_STATUS[ERROR_CATALOG[code].status] ?? GrpcStatus.INTERNAL;
}
