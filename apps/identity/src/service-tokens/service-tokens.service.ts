import { Injectable, Logger } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { SERVICES, ServiceTokenReply, ServiceTokenRequest } from '@bazaar/contracts';
import { IdentityConfig } from '../identity.config';
import { TokenIssuer } from '../tokens/token-issuer';
import { serviceTokenRefused } from './service-tokens.errors';

/**
 * The token dealer for service-to-service calls (OAuth 2 client credentials, in spirit): a registered client
 * proves its secret and gets a short-lived token whose `aud` is the one service it wants to call. Clients are
 * configured as `SERVICE_CLIENTS=id:sha256(secret),...`; identity never holds the secrets themselves.
 */
@Injectable()
export class ServiceTokensService {
  private readonly security = new Logger('Security');
  private readonly clients: Map<string, Buffer>;

  constructor(
    private readonly config: IdentityConfig,
    private readonly tokens: TokenIssuer,
  ) {
    this.clients = new Map(
      (config.SERVICE_CLIENTS ?? '')
        .split(',')
        .filter(Boolean)
        .map((entry) => {
          const [id, hash] = entry.split(':');
          return [id, Buffer.from(hash, 'hex')] as const;
        }),
    );
  }

  issue(request: ServiceTokenRequest): ServiceTokenReply {
    const expected = this.clients.get(request.clientId);
    const given = createHash('sha256').update(request.clientSecret).digest();
    const secretMatches = expected !== undefined && timingSafeEqual(expected, given);
    const audienceKnown = Object.prototype.hasOwnProperty.call(SERVICES, request.audience);
    if (!secretMatches || !audienceKnown || request.audience === request.clientId) {
      this.security.warn({
        event: 'service-token-refused',
        clientId: request.clientId,
        audience: request.audience,
        msg: 'service token refused',
      });
      throw serviceTokenRefused();
    }
    return {
      accessToken: this.tokens.serviceToken(request.clientId, request.audience),
      expiresIn: this.config.SERVICE_TOKEN_TTL_S,
    };
  }
}
