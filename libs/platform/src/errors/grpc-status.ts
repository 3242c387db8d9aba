import { status as GrpcStatus } from '@grpc/grpc-js';
import { ERROR_CATALOG, ErrorCode } from '@bazaar/contracts';

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
