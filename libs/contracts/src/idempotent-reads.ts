import { CART_PATTERNS } from './cart';
import { CATALOG_PATTERNS } from './catalog';
import { IDENTITY_PATTERNS } from './identity';
import { NOTIFICATIONS_PATTERNS } from './notifications';
import { ORDERS_PATTERNS } from './orders';
import { PAYMENTS_PATTERNS } from './payments';
import { PLATFORM_PATTERNS } from './rpc';

/**
 * RPC patterns that change nothing: when a call to one instance fails in transit (connection refused or closed
 * under it), the caller may send it once more to another instance. Anything that writes stays out, whatever its
 * idempotency key: a retry of a write is the saga's or the client's decision, never the transport's.
 */
export const IDEMPOTENT_READS: ReadonlySet<string> = new Set<string>([
  PLATFORM_PATTERNS.ping,
  CATALOG_PATTERNS.listProducts,
  CATALOG_PATTERNS.getProduct,
  CATALOG_PATTERNS.listCategories,
  IDENTITY_PATTERNS.me,
  IDENTITY_PATTERNS.listUsers,
  IDENTITY_PATTERNS.jwks,
  CART_PATTERNS.get,
  NOTIFICATIONS_PATTERNS.listMine,
  ORDERS_PATTERNS.get,
  ORDERS_PATTERNS.list,
  ORDERS_PATTERNS.adminList,
  PAYMENTS_PATTERNS.get,
  PAYMENTS_PATTERNS.list,
  PAYMENTS_PATTERNS.breakers,
]);

/** The same for gRPC: `<ProtoService>/<Method>` as the .proto names them. */
export const IDEMPOTENT_GRPC_READS: ReadonlySet<string> = new Set<string>([
  'InventoryService/GetStock',
  'InventoryService/BatchGetStock',
  'InventoryService/ListAdjustments',
]);
