import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceName } from '@bazaar/contracts';
import { RpcCredentials, SERVICE_NAME } from '@bazaar/platform';
import { AuthConfig } from './auth.config';
import { IdentityClient } from './identity-client';

interface CachedToken {
  token: string;
  /** Epoch ms after which a fresh token is fetched (a minute before it expires). */
  renewAt: number;
}

const RENEW_BEFORE_EXPIRY_MS = 60_000;

/**
 * The caller's side of service-to-service trust: client credentials exchanged at identity for a short-lived
 * token per target service, cached until shortly before it expires. Without a client secret it supplies
 * nothing, and the called service decides whether that is acceptable.
 */
@Injectable()
export class ServiceTokenClient implements RpcCredentials {
  private readonly logger = new Logger('ServiceTokens');
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly config: AuthConfig,
    private readonly identity: IdentityClient,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
  ) {}

  /** The cached token as is (no promise on the hot path), else the fetch under way or a new one. */
  serviceTokenFor(audience: ServiceName): string | undefined | Promise<string | undefined> {
    const secret = this.config.SERVICE_CLIENT_SECRET;
    if (!secret) return undefined;
    const cached = this.tokens.get(audience);
    if (cached && cached.renewAt > Date.now()) return cached.token;
    let request = this.pending.get(audience);
    if (!request) {
      request = this.fetch(audience, secret).finally(() => this.pending.delete(audience));
      this.pending.set(audience, request);
    }
    return request;
  }

  private async fetch(audience: ServiceName, secret: string): Promise<string | undefined> {
    try {
      const reply = await this.identity.issueServiceToken({
        clientId: this.config.SERVICE_CLIENT_ID ?? this.service,
        clientSecret: secret,
        audience,
      });
      const lifetimeMs = reply.expiresIn * 1000;
      this.tokens.set(audience, {
        token: reply.accessToken,
        renewAt: Date.now() + Math.max(lifetimeMs - RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2),
      });
      return reply.accessToken;
    } catch (error) {
      // The call goes out without a token; a service that requires one refuses it and says so.
      this.logger.warn({ err: error, audience, msg: 'could not obtain a service token' });
      return undefined;
    }
  }
}
