import { ApiProperty } from '@nestjs/swagger';
import {
  DELIVERY_STATUSES,
  DeliveryStatus,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_LIMITS,
  NotificationChannel,
  NotificationPage,
  NotificationView,
} from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';

export class ListNotificationsQuery extends PageQuery({
  cursor: 'uuid',
  maxLimit: NOTIFICATION_LIMITS.pageSizeMax,
  defaultLimit: NOTIFICATION_LIMITS.pageSizeDefault,
}) {}

export class NotificationDto implements NotificationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'identity.user.registered.v1', description: 'The event that caused the message' })
  eventType!: string;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  channel!: NotificationChannel;

  @ApiProperty({ example: 'ada@example.com' })
  recipient!: string;

  @ApiProperty({ example: 'Welcome to Bazaar' })
  subject!: string;

  @ApiProperty()
  body!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES, description: '`failed` once every delivery attempt was used' })
  status!: DeliveryStatus;

  @ApiProperty({ description: 'Delivery attempts so far' })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed' })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: string | null;
}

export class NotificationPageDto implements NotificationPage {
  @ApiProperty({ type: [NotificationDto] })
  items!: NotificationDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page' })
  nextCursor!: string | null;
}
