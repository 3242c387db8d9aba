import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { IDENTITY_PATTERNS, TokenPair } from '@bazaar/contracts';
import { RpcData } from '@bazaar/platform';
import { RefreshDto } from './sessions.dto';
import { SessionsService } from './sessions.service';

/** Identity's RPC surface for a session already opened by login: refresh it, or end it. */
@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @MessagePattern(IDENTITY_PATTERNS.refresh)
  refresh(@RpcData() { refreshToken }: RefreshDto): Promise<TokenPair> {
    return this.sessions.rotate(refreshToken);
  }

  @MessagePattern(IDENTITY_PATTERNS.logout)
  logout(@RpcData() { refreshToken }: RefreshDto): Promise<{ loggedOut: true }> {
    return this.sessions.logout(refreshToken);
  }
}
