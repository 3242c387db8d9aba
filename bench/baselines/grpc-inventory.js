// Baseline for bench/inventory-grpc: a bare @grpc/grpc-js server on the same .proto answering Reserve and
// Release from a Map in memory, with the same reply shapes as inventory. No Nest, no validation, no database.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const ROOT = path.resolve(__dirname, '..', '..');
const definition = protoLoader.loadSync(path.join(ROOT, 'libs', 'contracts', 'proto', 'inventory.proto'), {
  keepCase: false,
  enums: String,
  longs: Number,
  defaults: true,
  oneofs: true,
});
const { InventoryService } = grpc.loadPackageDefinition(definition).bazaar.inventory.v1;
const reservations = new Map();
const expiresAt = new Date(Date.now() + 900_000).toISOString();

const server = new grpc.Server();
server.addService(InventoryService.service, {
  Reserve({ request }, callback) {
    const existing = reservations.get(request.reservationId);
    if (existing) return callback(null, { ...existing, replayed: true });
    const reply = {
      reservationId: request.reservationId,
      orderId: request.orderId,
      status: 'RESERVED',
      lines: request.lines,
      expiresAt,
      replayed: false,
    };
    reservations.set(request.reservationId, reply);
    callback(null, reply);
  },
  Release({ request }, callback) {
    const existing = reservations.get(request.reservationId);
    reservations.delete(request.reservationId);
    callback(null, { reservationId: request.reservationId, status: 'RELEASED', changed: Boolean(existing) });
  },
});
server.bindAsync(`127.0.0.1:${process.env.PORT}`, grpc.ServerCredentials.createInsecure(), (error) => {
  if (error) throw error;
  process.send?.('ready');
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
