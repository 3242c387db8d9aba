import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DEAD_LETTER_LIMITS, DeadLetterView, EVENT_CONSUMERS, EventConsumerName } from '@bazaar/contracts';

export class ListDeadLettersQuery {
  @ApiPropertyOptional({
    enum: EVENT_CONSUMERS,
    description: 'One consuming service; all of them when absent',
  })
  @IsOptional()
  @IsIn(EVENT_CONSUMERS)
  service?: EventConsumerName;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: DEAD_LETTER_LIMITS.pageSizeMax,
    default: DEAD_LETTER_LIMITS.pageSizeDefault,
    description: 'Per service, oldest first',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(DEAD_LETTER_LIMITS.pageSizeMax)
  limit?: number;
}

export class DeadLetterParams {
  @ApiProperty({ enum: EVENT_CONSUMERS })
  @IsIn(EVENT_CONSUMERS)
  service!: EventConsumerName;

  // RabbitMQ dead letters get a UUID message id too, so one format serves both buses.
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class DeadLetterDto implements DeadLetterView {
  @ApiProperty({ format: 'uuid', description: 'The dead letter’s id (replay and drop take it)' })
  id!: string;

  @ApiProperty({ enum: EVENT_CONSUMERS, description: 'The consuming service whose queue it belongs to' })
  service!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  eventId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'identity.user.registered.v1' })
  type!: string | null;

  @ApiProperty({ example: 'Error: SMTP server said 550' })
  reason!: string;

  @ApiProperty({ description: 'Deliveries tried' })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  deadLetteredAt!: string;

  @ApiProperty({ description: 'The message as received', type: 'object', additionalProperties: true })
  body!: unknown;
}

export class DeadLetterListDto {
  @ApiProperty({ type: [DeadLetterDto] })
  items!: DeadLetterDto[];
}
