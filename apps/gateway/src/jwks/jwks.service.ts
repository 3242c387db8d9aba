import { Injectable } from '@nestjs/common';
import { IDENTITY_PATTERNS, JsonWebKeySet } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** The public keys of the access tokens, from identity. */
@Injectable()
export class JwksService {
  constructor(@InjectRpcClient('identity') private readonly identity: RpcClient) {}

  jwks(): Promise<JsonWebKeySet> {
    return this.identity.send<JsonWebKeySet, Record<string, never>>(
      IDENTITY_PATTERNS.jwks,
      {},
      { anonymous: true },
    );
  }
}
