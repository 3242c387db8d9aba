import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { PLATFORM_PATTERNS, ServiceName } from '@bazaar/contracts';
import {
  DomainError,
  isEventDelivery,
  RequestContext,
  rpcMetaOf,
  rpcPatternOf,
  SERVICE_NAME,
} from '@bazaar/platform';
import { Reflector } from '@nestjs/core';
import { AuthConfig } from './auth.config';
import { IS_PUBLIC_RPC } from './public-rpc.decorator';
import { TokenVerifier } from './token-verifier';

/**
 * The called service's side of service-to-service trust. With `SERVICE_AUTH=required` every RPC must carry a
 * service token identity issued for this service; anything else is refused and logged as a security event.
 * Readiness pings and handlers marked `@PublicRpc()` are exempt.
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  private readonly logger = new Logger('Security');

  constructor(
    private readonly config: AuthConfig,
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
  ) {}

  // Not `async`: exempt calls and a token verified before are answered without a promise.
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'rpc' || this.config.SERVICE_AUTH === 'off') return true;
    if (this.reflector.get<boolean>(IS_PUBLIC_RPC, context.getHandler())) return true;
    const rpc = context.switchToRpc();
    // Events come from the bus, whose credentials are the boundary; they carry no caller and no service token.
    if (isEventDelivery(rpc.getContext())) return true;
    const pattern = rpcPatternOf(rpc.getContext());
    if (pattern === PLATFORM_PATTERNS.ping) return true;

    const meta = rpcMetaOf(context);
    const token = meta.serviceToken;
    const expected = { audience: this.service, typ: 'service' } as const;
    if (typeof token === 'string' && this.verifier.verifiedBefore(token, expected)) return true;
    const verified =
      typeof token === 'string'
        ? this.verifier.verify(token, expected)
        : Promise.reject(new DomainError('SERVICE_TOKEN_INVALID', 'No service token.'));
    return verified.then(
      () => true,
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        // Guards run before the RPC interceptor enters the request context: enter it for this line.
        RequestContext.run({ requestId: RequestContext.acceptOrCreate(meta.requestId) }, () =>
          this.logger.warn({ event: 'service-token-rejected', pattern, reason, msg: 'RPC refused' }),
        );
        throw new DomainError('SERVICE_TOKEN_INVALID', `RPC refused: ${reason}`);
      },
    );
  }
}
