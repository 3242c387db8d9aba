import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Caller, NotificationPage, NOTIFICATIONS_PATTERNS } from '@bazaar/contracts';
import { RpcCaller, RpcData } from '@bazaar/platform';
import { ListNotificationsDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

/** The notifications service's RPC surface: a signed-in user reads their own messages. */
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @MessagePattern(NOTIFICATIONS_PATTERNS.listMine)
  listMine(
    @RpcCaller() caller: Caller | undefined,
    @RpcData() query: ListNotificationsDto,
  ): Promise<NotificationPage> {
    return this.notifications.listMine(caller, query);
  }
}
