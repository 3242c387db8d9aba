import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { ChangePasswordRequest, IDENTITY_LIMITS } from '@bazaar/contracts';
import { PASSWORD_RULES } from '../auth/auth.dto';

export class ChangePasswordBody implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(IDENTITY_LIMITS.passwordMaxLength)
  currentPassword!: string;

  @ApiProperty({ description: PASSWORD_RULES })
  @IsString()
  @MaxLength(IDENTITY_LIMITS.passwordMaxLength)
  newPassword!: string;
}
