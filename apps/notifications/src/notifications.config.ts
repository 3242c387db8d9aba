import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PlatformConfig } from '@bazaar/platform';

export class NotificationsConfig extends PlatformConfig {
  /** `smtp://user:pass@host:587` or `smtps://...`: send email through it. Unset: messages are stored and logged. */
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string = undefined;

  /** The From header of every email. */
  @IsString()
  @MaxLength(254)
  MAIL_FROM: string = 'Bazaar <no-reply@bazaar.local>';

  /** Delivery attempts per message before it is marked failed. */
  @IsInt()
  @Min(1)
  @Max(50)
  DELIVERY_MAX_ATTEMPTS: number = 8;

  /** Wait before the second attempt; each next wait doubles, up to DELIVERY_RETRY_MAX_MS. */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  DELIVERY_RETRY_DELAY_MS: number = 5_000;

  @IsInt()
  @Min(10)
  @Max(86_400_000)
  DELIVERY_RETRY_MAX_MS: number = 3_600_000;

  /** How often the worker looks for due messages when nothing woke it. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  DELIVERY_POLL_MS: number = 1_000;

  /** One attempt's time limit (connect, greeting, send). */
  @IsInt()
  @Min(100)
  @Max(120_000)
  DELIVERY_TIMEOUT_MS: number = 10_000;
}
