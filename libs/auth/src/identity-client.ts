import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { IDENTITY_PATTERNS, JsonWebKeySet, ServiceTokenReply, ServiceTokenRequest } from '@bazaar/contracts';
import { DiscoveryMetrics, SERVICE_REGISTRY, ServiceRegistry } from '@bazaar/discovery';
import { APP_CONFIG, createRpcClient, PlatformConfig, RpcClient } from '@bazaar/platform';
import { JwksSource } from './jwks-cache';

/**
 * The two identity patterns every service may need before it can authenticate anything: the public keys and
 * service tokens. A connection of its own, and calls without a service token, so getting one never needs one.
 */
@Injectable()
export class IdentityClient implements JwksSource, OnApplicationShutdown {
  private client?: RpcClient;

  constructor(
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
    @Inject(SERVICE_REGISTRY) private readonly registry: ServiceRegistry,
    private readonly discoveryMetrics: DiscoveryMetrics,
  ) {}

  fetchJwks(): Promise<JsonWebKeySet> {
    return this.rpc().send<JsonWebKeySet>(IDENTITY_PATTERNS.jwks, {}, { anonymous: true });
  }

  issueServiceToken(request: ServiceTokenRequest): Promise<ServiceTokenReply> {
    return this.rpc().send<ServiceTokenReply>(IDENTITY_PATTERNS.serviceToken, request, { anonymous: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close();
  }

  private rpc(): RpcClient {
    this.client ??= createRpcClient('identity', () => this.config.RPC_TIMEOUT_MS, undefined, {
      registry: this.registry,
      ejectMs: this.config.DISCOVERY_EJECT_MS,
      retireMs: this.config.RPC_TIMEOUT_MS,
      observer: this.discoveryMetrics,
    });
    return this.client;
  }
}
