// The peer stack's gateway: the read of a product by id the way the Nest ecosystem's documentation assembles it
// on Fastify — nestjs-pino (pino-http), a global ValidationPipe with class-validator DTOs, @nestjs/throttler with
// its default storage, @fastify/helmet, @fastify/etag, a Prometheus interceptor, and a ClientProxy to the peer
// catalog over Nest's TCP transport. Started by bench/peer-stack.js.
import 'reflect-metadata';
import etag from '@fastify/etag';
import helmet from '@fastify/helmet';
import { Module, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { Logger, LoggerModule } from 'nestjs-pino';
import { signalReady } from '../product-view';
import { MetricsInterceptor, REQUEST_DURATION } from './metrics.interceptor';
import { CATALOG, ProductsController } from './products.controller';

@Module({
  imports: [
    // Warnings and errors only, as Bazaar runs in the bench: pino-http still runs per request (request ID,
    // child logger), its access-log line is below the level.
    LoggerModule.forRoot({ pinoHttp: { level: 'warn' } }),
    // Raised out of the way like Bazaar's in the bench: one load generator on one address.
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 100_000_000 }]),
    PrometheusModule.register(),
    ClientsModule.register([
      {
        name: CATALOG,
        transport: Transport.TCP,
        options: { host: '127.0.0.1', port: Number(process.env.CATALOG_PORT) },
      },
    ]),
  ],
  controllers: [ProductsController],
  providers: [
    makeHistogramProvider({
      name: REQUEST_DURATION,
      help: 'HTTP request duration in seconds',
      labelNames: ['method', 'route', 'status_code'],
    }),
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
  ],
})
class GatewayModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule, new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.register(helmet);
  await app.register(etag);
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  signalReady();
}

void bootstrap();
