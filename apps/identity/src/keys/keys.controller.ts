import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { IDENTITY_PATTERNS, JsonWebKeySet } from '@bazaar/contracts';
import { PublicRpc } from '@bazaar/auth';
import { KeysService } from './keys.service';

/** The public keys every service verifies tokens with; asked for before any token is held. */
@Controller()
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @PublicRpc()
  @MessagePattern(IDENTITY_PATTERNS.jwks)
  jwks(): JsonWebKeySet {
    return this.keys.jwks();
  }
}
