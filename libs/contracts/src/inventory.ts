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
} as const;
