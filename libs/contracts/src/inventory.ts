import path from 'node:path';

/**
 * Inventory's gRPC contract. The messages and the service are defined once, in
 * `libs/contracts/proto/inventory.proto`; the TypeScript below is generated from it (`npm run proto`).
 */
export * as inventoryV1 from './generated/inventory';

export const INVENTORY_PROTO_PACKAGE = 'bazaar.inventory.v1';

/** The .proto file, resolved from the repository root (`BAZAAR_ROOT`, else the working directory). */
export function inventoryProtoPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BAZAAR_ROOT || process.cwd(), 'libs', 'contracts', 'proto', 'inventory.proto');
}

export const INVENTORY_LIMITS = {
  batchSkusMax: 100,
  linesMax: 50,
  quantityMax: 1_000,
  reasonMaxLength: 500,
  adjustmentsPageSizeMax: 100,
  adjustmentsPageSizeDefault: 20,
} as const;

/** How the gateway shows stock to shoppers; admins also see the count. */
export const AVAILABILITY_STATUSES = ['in_stock', 'low', 'out', 'unknown'] as const;
export type AvailabilityStatus = (typeof AVAILABILITY_STATUSES)[number];

/** At or below this many available units a product shows as `low`. */
export const LOW_STOCK_THRESHOLD = 5;

export interface Availability {
  status: AvailabilityStatus;
  /** Units available to reserve; only in answers to admins. */
  available?: number;
}
