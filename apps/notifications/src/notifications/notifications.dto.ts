import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ListNotificationsRequest, NOTIFICATION_LIMITS } from '@bazaar/contracts';

export class ListNotificationsDto implements ListNotificationsRequest {
  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsUUID()
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(NOTIFICATION_LIMITS.pageSizeMax)
  limit?: number;
}
