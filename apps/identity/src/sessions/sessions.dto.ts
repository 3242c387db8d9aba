import { IsString, MaxLength, MinLength } from 'class-validator';
import { IDENTITY_LIMITS, RefreshRequest } from '@bazaar/contracts';

export class RefreshDto implements RefreshRequest {
  @IsString()
  @MinLength(1)
  @MaxLength(IDENTITY_LIMITS.refreshTokenMaxLength)
  refreshToken!: string;
}
