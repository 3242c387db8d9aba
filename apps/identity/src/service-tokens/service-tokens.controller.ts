import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { IDENTITY_PATTERNS, ServiceTokenReply } from '@bazaar/contracts';
import { PublicRpc } from '@bazaar/auth';
import { RpcData } from '@bazaar/platform';
import { ServiceTokenDto } from './service-tokens.dto';
import { ServiceTokensService } from './service-tokens.service';

/** Where a service trades its client credentials for a token; public, since the caller holds no token yet. */
@Controller()
export class ServiceTokensController {
  constructor(private readonly serviceTokens: ServiceTokensService) {}

  @PublicRpc()
  @MessagePattern(IDENTITY_PATTERNS.serviceToken)
  issue(@RpcData() request: ServiceTokenDto): ServiceTokenReply {
    return this.serviceTokens.issue(request);
  }
}
