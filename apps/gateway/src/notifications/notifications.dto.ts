import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import {
  DELIVERY_STATUSES,
  DeliveryStatus,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_LIMITS,
  NotificationChannel,
  NotificationPage,
  NotificationView,
} from '@bazaar/contracts';

export class ListNotificationsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsUUID()
  cursor?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: NOTIFICATION_LIMITS.pageSizeMax,
    default: NOTIFICATION_LIMITS.pageSizeDefault,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(NOTIFICATION_LIMITS.pageSizeMax)
  limit?: number;
}

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
