import { Injectable } from '@nestjs/common';
import { ListNotificationsRequest, NotificationPage, NOTIFICATIONS_PATTERNS } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** The signed-in user's messages, from notifications. */
@Injectable()
export class NotificationsService {
  constructor(@InjectRpcClient('notifications') private readonly notifications: RpcClient) {}

  listMine(request: ListNotificationsRequest): Promise<NotificationPage> {
    return this.notifications.send<NotificationPage, ListNotificationsRequest>(
      NOTIFICATIONS_PATTERNS.listMine,
      request,
    );
  }
}
