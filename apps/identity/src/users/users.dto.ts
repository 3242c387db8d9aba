import { IsEmail, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import {
  ChangePasswordRequest,
  IDENTITY_LIMITS,
  ListUsersRequest,
  LoginRequest,
  RegisterRequest,
  Role,
  RoleChangeRequest,
  ROLES,
} from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';

// Password length below the minimum is a policy failure (422 naming the rule), not a malformed request:
// the DTOs only bound the size.

export class RegisterDto implements RegisterRequest {
  @IsEmail()
  @MaxLength(IDENTITY_LIMITS.emailMaxLength)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(IDENTITY_LIMITS.displayNameMaxLength)
  displayName!: string;

  @IsString()
  @MaxLength(IDENTITY_LIMITS.passwordMaxLength)
  password!: string;
}

export class LoginDto implements LoginRequest {
  @IsString()
  @MaxLength(IDENTITY_LIMITS.emailMaxLength)
  email!: string;

  @IsString()
  @MaxLength(IDENTITY_LIMITS.passwordMaxLength)
  password!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @IsString()
  @MaxLength(IDENTITY_LIMITS.passwordMaxLength)
  currentPassword!: string;

  @IsString()
  @MaxLength(IDENTITY_LIMITS.passwordMaxLength)
  newPassword!: string;
}

export class ListUsersDto
  extends PageQuery({
    cursor: 'uuid',
    maxLimit: IDENTITY_LIMITS.usersPageSizeMax,
    defaultLimit: IDENTITY_LIMITS.usersPageSizeDefault,
  })
  implements ListUsersRequest {}

export class RoleChangeDto implements RoleChangeRequest {
  @IsUUID()
  userId!: string;

  @IsIn(ROLES)
  role!: Role;
}
