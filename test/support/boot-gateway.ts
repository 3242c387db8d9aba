import { bootstrapService, RunningService } from '@bazaar/platform';
import { AppModule } from '../../apps/gateway/src/app.module';
import { configureGatewayHttp, GATEWAY_BODY_LIMIT } from '../../apps/gateway/src/http/configure-http';

export interface BootedGateway {
  service: RunningService;
  /** Base URL of its public API. */
  url: string;
  close(): Promise<void>;
}

/**
 * The gateway in-process, booted as its `main.ts` boots it, on a loopback port. It finds the services booted
 * before it through their `<SERVICE>_RPC_PORT` variables; `env` adds or overrides variables only while it boots
 * (its configuration is read then), so several gateways with different settings can run side by side. A
 * variable given as `undefined` is unset while it boots.
 */
export async function bootGateway(env: Record<string, string | undefined> = {}): Promise<BootedGateway> {
  const variables: Record<string, string | undefined> = { GATEWAY_HTTP_PORT: '0', LOG_LEVEL: 'warn', ...env };
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  setEnv(variables);
  try {
    const service = await bootstrapService(AppModule, {
      name: 'gateway',
      bodyLimit: GATEWAY_BODY_LIMIT,
      configureHttp: configureGatewayHttp,
      handleSignals: false,
    });
    return {
      service,
      url: `http://127.0.0.1:${service.httpPort}`,
      close: () => service.shutdown('test finished'),
    };
  } finally {
    setEnv(saved);
  }
}

function setEnv(variables: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
