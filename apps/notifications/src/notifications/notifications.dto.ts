import { ListNotificationsRequest, NOTIFICATION_LIMITS } from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';

export class ListNotificationsDto
  extends PageQuery({
    cursor: 'uuid',
    maxLimit: NOTIFICATION_LIMITS.pageSizeMax,
    defaultLimit: NOTIFICATION_LIMITS.pageSizeDefault,
  })
  implements ListNotificationsRequest {}
