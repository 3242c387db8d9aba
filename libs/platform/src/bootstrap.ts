import fs from 'node:fs';
import os from 'node:os';
import { Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomStrategy, MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { envPrefix, REQUEST_ID_HEADER, SERVICES, ServiceName } from '@bazaar/contracts';
import {
  ConfigChanges,
  ConsulUnreachableError,
  DuplicateInstanceIdError,
  SERVICE_REGISTRY,
  ServiceRegistry,
} from '@bazaar/discovery';
import { HttpMetrics } from '@bazaar/metrics';
import { startTracing, stopTracing, tracingRequested } from '@bazaar/observability';
import { instanceRegistration, serviceVersion } from './discovery/instance-registration';
import { RequestContext } from './context/request-context';
import { ConfigError } from './config/load-config';
import { LOG_LEVELS, parseBooleanEnv, PlatformConfig } from './config/platform-config';
import { frameworkErrorOptions } from './http/framework-errors';
import { installHttpHooks } from './http/http-hooks';
import { installJsonBodyParser } from './http/json-body';
import { CoalescingJsonSocket } from './rpc/coalescing-json-socket';
import { PlatformTcpServer } from './rpc/platform-tcp-server';
import { BrokerRpcStatus } from './rpc/broker-rpc-readiness';
import { RabbitMqRpcServer } from './rpc/rabbitmq-rpc.server';
import { rpcQueueOf, rpcTransportOf } from './rpc/rpc-transport';
import { RpcContextInterceptor } from './rpc/rpc-context.interceptor';
import { RpcWork } from './rpc/rpc-work';
import { GrpcHealth, grpcServerOptions, GrpcTransport } from './rpc/grpc-server';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { bindingPort, PortBindError } from './lifecycle/port-bind-error';
import { StopRequests } from './lifecycle/stop-requests';
import { abandonLogOutput } from './logging/abandon-log-output';
import { createRootLogger, LogLevel, PinoNestLogger } from './logging/logger';
import { APP_CONFIG } from './platform.tokens';
import { httpPortOf, portFromEnv } from './rpc/service-address';

export interface ServiceOptions {
  name: ServiceName;
  /**
   * The business transport this service serves besides HTTP. Omit for HTTP-only apps (the gateway). `tcp` is
   * Nest TCP, or RabbitMQ request/reply for a `brokerRpc` service when `RABBITMQ_URL` is set (`rpcTransportOf`).
   */
  transport?: 'tcp' | GrpcTransport;
  /** The event bus transport, for services with `@EventPattern` handlers (messaging's `consumeEvents`). */
  eventServer?: (app: NestFastifyApplication) => CustomStrategy;
  /** Largest accepted request body, in bytes (413 above it). */
  bodyLimit?: number;
  /** App-specific HTTP set-up (Swagger, compression...), run before the server listens. */
  configureHttp?: (app: NestFastifyApplication) => Promise<void> | void;
  /** Install SIGTERM/SIGINT handlers (tests that boot several apps in one process turn this off). */
  handleSignals?: boolean;
}

export interface RunningService {
  app: NestFastifyApplication;
  httpPort: number;
  /** The bound RPC port; undefined for HTTP-only apps and for RPC over RabbitMQ. */
  rpcPort?: number;
  /** Graceful stop: readiness 503, drain, finish in-flight work, close connections. */
  shutdown(reason: string): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 64 * 1024;
/** Kept from the stop bound for closing connections after in-flight work. */
const CLOSE_RESERVE_MS = 2_000;

/**
 * Starts a Bazaar service: a Fastify HTTP server (public API or ops endpoints) plus, for RPC services, its
 * Nest transport on the same app, sharing pipes, filters and interceptors. Configuration errors stop start-up
 * with one message naming each bad variable.
 */
export async function bootstrapService(
  module: Type<unknown>,
  options: ServiceOptions,
): Promise<RunningService> {
  const level = (LOG_LEVELS as readonly string[]).includes(process.env.LOG_LEVEL ?? '')
    ? (process.env.LOG_LEVEL as LogLevel)
    : 'info';
  // Before the first span could start: OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, or nothing at all.
  if (tracingRequested()) {
    startTracing({
      service: options.name,
      version: serviceVersion(process.env),
      instanceId: `${os.hostname()}:${process.pid}`,
    });
  }
  const rootLogger = createRootLogger(options.name, level);
  const logger = new PinoNestLogger(rootLogger);
  const startMs = Date.now();
  // First of all: a stop asked for while the service is still starting must be honoured, within its bound.
  const stops =
    options.handleSignals === false
      ? undefined
      : StopRequests.install(process.env, {
          onTimeout: (reason) => {
            // Written directly and without retrying: whatever is stuck may be the log output itself.
            abandonLogOutput(rootLogger);
            const line = {
              level: 'error',
              time: new Date().toISOString(),
              service: options.name,
              pid: process.pid,
            };
            const msg = 'shutdown did not finish within SHUTDOWN_TIMEOUT_MS, exiting';
            try {
              fs.writeSync(1, `${JSON.stringify({ ...line, reason, msg })}\n`);
            } catch {
              // no reader left
            }
            process.exit(1);
          },
          onLauncherGone: () => abandonLogOutput(rootLogger),
        });
  const started = startedSignal();
  stops?.onRequest((reason) => stopWhenStarted(started.promise, reason));

  try {
    const httpPort = httpPortOf(options.name);
    const adapter = new FastifyAdapter({
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
        RequestContext.acceptOrCreate(request.headers[REQUEST_ID_HEADER]),
      logger: false,
      return503OnClosing: true,
      // Needed before the config is loaded; PlatformConfig validates the same variable right after.
      trustProxy: parseBooleanEnv(process.env.TRUST_PROXY) === true,
      // Refusals made before any route runs, answered as problem+json too.
      ...frameworkErrorOptions(),
    });
    const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
      logger,
      abortOnError: false,
    });
    installJsonBodyParser(app);
    const config = app.get<PlatformConfig>(APP_CONFIG);
    // The level from the config (Consul KV's included), then each live change of it.
    rootLogger.level = config.LOG_LEVEL;
    app.get(ConfigChanges).on('LOG_LEVEL', (level) => (rootLogger.level = level as LogLevel));
    const lifecycle = app.get(LifecycleService);
    if (stops?.requested) {
      // Asked to stop while the modules were starting: no transport has taken any work yet.
      await shutdown(app, lifecycle, config, stops.requested, stops);
      process.exit(0);
    }
    installHttpHooks(app.getHttpAdapter().getInstance(), {
      logger: rootLogger,
      metrics: app.get(HttpMetrics),
      lifecycle,
      logRequests: config.LOG_REQUESTS,
    });

    let rpcPort: number | undefined;
    let grpcHealth: GrpcHealth | undefined;
    let brokerRpc: RabbitMqRpcServer | undefined;
    const rpcQueue = rpcQueueOf(options.name);
    if (options.transport === 'tcp' && rpcTransportOf(options.name) === 'rabbitmq') {
      // The production profile's broker RPC: no port to bind, the service consumes its queue instead.
      brokerRpc = new RabbitMqRpcServer(
        {
          url: process.env.RABBITMQ_URL!,
          queue: rpcQueue,
          prefetch: config.RPC_BROKER_PREFETCH,
          connectionName: `${options.name}-rpc-${process.pid}`,
        },
        app.get(RpcWork),
        app.get(BrokerRpcStatus),
      );
      app.connectMicroservice<CustomStrategy>({ strategy: brokerRpc }, { inheritAppConfig: true });
    } else if (options.transport) {
      const defaults = SERVICES[options.name] as { rpcPort?: number };
      rpcPort = portFromEnv(process.env, `${envPrefix(options.name)}_RPC_PORT`, defaults.rpcPort ?? 0);
      const host = process.env[`${envPrefix(options.name)}_RPC_HOST`] || '127.0.0.1';
      if (options.transport === 'tcp') {
        app.connectMicroservice<CustomStrategy>(
          {
            strategy: new PlatformTcpServer(
              { host, port: rpcPort, socketClass: CoalescingJsonSocket },
              app.get(RpcWork),
            ),
          },
          { inheritAppConfig: true },
        );
      } else {
        grpcHealth = new GrpcHealth(options.transport);
        // Before connecting: the microservice inherits the app's global enhancers.
        app.useGlobalInterceptors(app.get(RpcContextInterceptor));
        app.connectMicroservice<MicroserviceOptions>(
          grpcServerOptions(options.transport, `${host}:${rpcPort}`, grpcHealth),
          { inheritAppConfig: true },
        );
      }
    }

    if (options.eventServer) {
      app.connectMicroservice<CustomStrategy>(options.eventServer(app), { inheritAppConfig: true });
    }

    await options.configureHttp?.(app);
    if (rpcPort !== undefined) {
      await bindingPort(rpcPort, `${envPrefix(options.name)}_RPC_PORT`, () => app.startAllMicroservices());
    } else {
      await app.startAllMicroservices();
    }
    await bindingPort(httpPort, `${envPrefix(options.name)}_HTTP_PORT`, () =>
      app.listen({ port: httpPort, host: config.HTTP_HOST }),
    );
    const boundHttpPort = (app.getHttpServer().address() as { port: number }).port;
    // Announced once it serves: Consul's first check of /health/ready then finds it ready.
    const registry = app.get<ServiceRegistry>(SERVICE_REGISTRY);
    const transport = brokerRpc
      ? 'amqp'
      : options.transport === 'tcp'
        ? 'tcp'
        : options.transport
          ? 'grpc'
          : 'http';
    await registry.register(
      instanceRegistration({ service: options.name, transport, rpcPort, httpPort: boundHttpPort }, config),
    );

    const running: RunningService = {
      app,
      httpPort: boundHttpPort,
      rpcPort,
      shutdown: async (reason) => {
        // gRPC health checks see the service go away first, like /health/ready.
        grpcHealth?.notServing();
        // Nothing routes around a queue consumer by readiness: it stops taking requests itself, at once, and the
        // other instances take them while the ones already running finish.
        await brokerRpc?.stopConsuming();
        return shutdown(app, lifecycle, config, reason, stops);
      },
    };
    started.resolve(running);
    new Logger('Bootstrap').log({
      msg: `${options.name} ready`,
      httpPort: boundHttpPort,
      rpcPort,
      rpcQueue: brokerRpc ? rpcQueue : undefined,
      startupMs: Date.now() - startMs,
    });
    return running;
  } catch (error) {
    started.fail(error);
    if (error instanceof ConfigError) {
      rootLogger.fatal({ problems: error.problems }, error.message);
    } else if (error instanceof ConsulUnreachableError || error instanceof DuplicateInstanceIdError) {
      rootLogger.fatal(`${options.name}: ${error.message}`);
    } else if (error instanceof PortBindError) {
      rootLogger.fatal({ port: error.port, variable: error.variable }, `${options.name}: ${error.message}`);
    } else {
      rootLogger.fatal({ err: error }, `${options.name} failed to start`);
    }
    throw error;
  }
}

async function shutdown(
  app: NestFastifyApplication,
  lifecycle: LifecycleService,
  config: PlatformConfig,
  reason: string,
  stops?: StopRequests,
): Promise<void> {
  const logger = new Logger('Shutdown');
  if (lifecycle.isShuttingDown) return;
  lifecycle.beginShutdown();
  logger.log({ msg: 'shutting down', reason, inFlight: lifecycle.inFlightCount });
  // Readiness already answers 503; leaving the registry now stops new callers while in-flight work finishes.
  // Bounded by what is left of the stop bound: a Consul that does not answer must not eat the drain.
  const deregisterBound = stops ? Math.min(3_000, stops.remainingMs() / 4) : 3_000;
  await app.get<ServiceRegistry>(SERVICE_REGISTRY).deregister(deregisterBound);
  if (config.SHUTDOWN_DRAIN_MS > 0)
    await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS));
  // Under a stop request, in-flight work gets what is left of the bound, minus time to close connections.
  const idleBudget = stops
    ? Math.max(0, stops.remainingMs() - Math.min(CLOSE_RESERVE_MS, stops.boundMs / 4))
    : config.SHUTDOWN_TIMEOUT_MS;
  const idle = await lifecycle.whenIdle(idleBudget);
  if (!idle) logger.warn({ msg: 'in-flight work did not finish in time', inFlight: lifecycle.inFlightCount });
  await app.close();
  // The spans of the last requests, exported before the process ends; a collector that does not answer costs
  // at most the reserve kept for closing.
  await Promise.race([
    stopTracing(),
    new Promise((resolve) => setTimeout(resolve, CLOSE_RESERVE_MS).unref()),
  ]);
  logger.log({ msg: 'stopped' });
}

/** Settles once start-up has finished or failed; a signal handler waits for it before stopping. */
function startedSignal() {
  let resolve: (service: RunningService) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const promise = new Promise<RunningService>((onStarted, onFailed) => {
    resolve = onStarted;
    fail = onFailed;
  });
  // A failed start-up is reported by bootstrapService itself; nobody else needs to observe this rejection.
  promise.catch(() => undefined);
  return { promise, resolve, fail };
}

/** The graceful stop once start-up has finished; a start-up that failed has been reported and exits by itself. */
function stopWhenStarted(started: Promise<RunningService>, reason: string): void {
  started.then(
    (service) =>
      service.shutdown(reason).then(
        () => process.exit(0),
        (error: unknown) => {
          new Logger('Shutdown').error({ err: error, msg: 'shutdown failed' });
          process.exit(1);
        },
      ),
    () => process.exit(1),
  );
}
