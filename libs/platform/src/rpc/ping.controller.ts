import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { PingReply, PLATFORM_PATTERNS } from '@bazaar/contracts';
import { SERVICE_NAME } from '../platform.tokens';

@Controller()
export class PingController {
  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  @MessagePattern(PLATFORM_PATTERNS.ping)
  ping(): PingReply {
    return { service: this.service, ok: true };
  }
}
