import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { IDENTITY_PATTERNS, JsonWebKeySet, ServiceTokenReply } from '@bazaar/contracts';
import { PublicRpc } from '@bazaar/auth';
import { RpcData } from '@bazaar/platform';
import { ServiceClients } from '../service-clients/service-clients';
import { ServiceTokenDto } from '../users/users.dto';
import { KeyStore } from './key-store';

/** What any service may ask before it holds a token: the public keys, and a service token. */
@Controller()
export class KeysController {
  constructor(
    private readonly keys: KeyStore,
    private readonly clients: ServiceClients,
  ) {}

  @PublicRpc()
  @MessagePattern(IDENTITY_PATTERNS.jwks)
  jwks(): JsonWebKeySet {
    return this.keys.jwks();
  }

  @PublicRpc()
  @MessagePattern(IDENTITY_PATTERNS.serviceToken)
  serviceToken(@RpcData() request: ServiceTokenDto): ServiceTokenReply {
    return this.clients.issue(request);
  }
}
