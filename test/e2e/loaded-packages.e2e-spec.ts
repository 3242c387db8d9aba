import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlatform } from '../support/platform';

/**
 * What each service of the embedded profile must not load: gRPC outside its two users (inventory serves it, the
 * gateway calls it), RabbitMQ's client on the PostgreSQL bus and with RPC on TCP, Redis without REDIS_URL,
 * nodemailer without SMTP_URL. Each is required on first use (docs/adr/0016-service-memory.md); an import that
 * loads one again fails here.
 */
const GRPC = ['@grpc/grpc-js', '@grpc/proto-loader', '@grpc/reflection', 'grpc-health-check'];
/** The tracing SDK, loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/adr/0022). */
const TRACING_SDK = [
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-http',
];
const UNUSED_EMBEDDED = [
  'amqplib',
  'ioredis',
  '@nest-lab/throttler-storage-redis',
  'nodemailer',
  ...TRACING_SDK,
];
const MUST_NOT_LOAD: Record<string, string[]> = {
  identity: [...GRPC, ...UNUSED_EMBEDDED],
  catalog: [...GRPC, ...UNUSED_EMBEDDED],
  notifications: [...GRPC, ...UNUSED_EMBEDDED],
  inventory: UNUSED_EMBEDDED,
  gateway: UNUSED_EMBEDDED,
  // Its RPC goes over RabbitMQ only in the production profile (brokerRpc with RABBITMQ_URL).
  payments: [...GRPC, ...UNUSED_EMBEDDED],
};
/** What the same probe must see: packages these services load, some of them lazily, while the test runs. */
const MUST_LOAD: Record<string, string[]> = {
  identity: ['@node-rs/argon2', 'pg-boss'],
  catalog: ['@prisma/client', 'pg-boss'],
  notifications: ['pg-boss'],
  inventory: ['@grpc/grpc-js', 'grpc-health-check', '@grpc/reflection'],
  gateway: ['@grpc/grpc-js', '@nestjs/swagger'],
};

describe('packages each service loads (embedded profile)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-loaded-'));
  const probe = path.resolve(__dirname, '..', 'fixtures', 'loaded-packages.probe.js');
  const loaded: Record<string, string[]> = {};

  beforeAll(async () => {
    const platform = await startPlatform({
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim(),
      LOADED_PACKAGES_DIR: dir,
    });
    try {
      // A product read goes gateway -> catalog, and gateway -> inventory over gRPC for its availability.
      const list = (await (await fetch(`${platform.gatewayUrl}/api/v1/products?limit=1`)).json()) as {
        items: { id: string }[];
      };
      const product = await fetch(`${platform.gatewayUrl}/api/v1/products/${list.items[0].id}`);
      expect(product.status).toBe(200);
    } finally {
      expect(await platform.stop()).toBe(0);
    }
    for (const app of Object.keys(MUST_NOT_LOAD)) {
      const file = path.join(dir, `${app}.json`);
      if (!fs.existsSync(file)) throw new Error(`${app} wrote no ${file}: it did not exit normally`);
      loaded[app] = JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
    }
  }, 180_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(MUST_NOT_LOAD))('%s loads none of the packages its profile does not use', (app) => {
    expect(loaded[app].filter((name) => MUST_NOT_LOAD[app].includes(name))).toEqual([]);
  });

  it.each(Object.keys(MUST_LOAD))('%s loads what it uses (the probe sees lazy loads)', (app) => {
    expect(MUST_LOAD[app].filter((name) => !loaded[app].includes(name))).toEqual([]);
  });
});
