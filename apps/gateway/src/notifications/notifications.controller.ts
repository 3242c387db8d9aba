import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationPage } from '@bazaar/contracts';
import { SignedIn } from '../auth/signed-in.decorator';
import { ListNotificationsQuery, NotificationPageDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('me')
@Controller('api/v1/me/notifications')
@SignedIn()
export class MeNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Header('cache-control', 'private, no-store')
  @ApiOperation({
    summary: 'My notifications',
    description: 'Newest first, with each message’s delivery status (pending, sent, failed) and last error.',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@Query() query: ListNotificationsQuery): Promise<NotificationPage> {
    return this.notifications.listMine(query);
  }
}
