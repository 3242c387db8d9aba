import { Inject, Injectable, Type } from '@nestjs/common';
import { PingReply, PLATFORM_PATTERNS } from '@bazaar/contracts';
import { ReadinessIndicator, ReadinessResult } from '@bazaar/health';
import { RpcClient } from './rpc-client';
import { rpcClientToken } from './rpc-clients.module';
import { ServiceWithRpc } from './service-address';

const PING_TIMEOUT_MS = 1_000;

/** Readiness of a downstream service: one ping through its real transport and handler pipeline. */
export function RpcDependencyReadiness(service: ServiceWithRpc): Type<ReadinessIndicator> {
  @Injectable()
  class DependencyReadiness implements ReadinessIndicator {
    readonly name = service;

    constructor(@Inject(rpcClientToken(service)) private readonly client: RpcClient) {}

    async check(): Promise<ReadinessResult> {
      try {
        await this.client.send<PingReply>(PLATFORM_PATTERNS.ping, {}, { timeoutMs: PING_TIMEOUT_MS });
        return { up: true };
      } catch (error) {
        return { up: false, details: { message: error instanceof Error ? error.message : String(error) } };
      }
    }
  }
  return DependencyReadiness;
}
