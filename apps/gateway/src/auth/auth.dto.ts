import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import {
  IDENTITY_LIMITS,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  Role,
  ROLES,
  TokenPair,
  UserView,
} from '@bazaar/contracts';

/** The password policy identity applies, as clients read it in the API document. */
export const PASSWORD_RULES =
  `At least ${IDENTITY_LIMITS.passwordMinLength} characters, not the email address, not a commonly used ` +
  'password (422 names the rule that failed).';

export class RegisterBody implements RegisterRequest {
  @ApiProperty({ example: 'ada@example.com', maxLength: IDENTITY_LIMITS.emailMaxLength })
  @IsEmail()
  @MaxLength(IDENTITY_LIMITS.emailMaxLength)
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: IDENTITY_LIMITS.displayNameMaxLength })
  @IsString()
  @MinLength(1)
  @MaxLength(IDENTITY_LIMITS.displayNameMaxLength)
  displayName!: string;

  @ApiProperty({
    description: PASSWORD_RULES,
    example: 'correct horse battery',
    maxLength: IDENTITY_LIMITS.passwordMaxLength,
  })
  @IsString()
  @MaxLength(IDENTITY_LIMITS.passwordMaxLength)
  password!: string;
}

/** How a login hands over its refresh token: in the JSON answer (API clients), or in an HttpOnly cookie (browsers). */
export const SESSION_MODES = ['cookie'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export class LoginBody implements LoginRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(IDENTITY_LIMITS.emailMaxLength)
  email!: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @MaxLength(IDENTITY_LIMITS.passwordMaxLength)
  password!: string;

  @ApiPropertyOptional({
    enum: SESSION_MODES,
    description:
      'For browsers: `cookie` sets the refresh token as an HttpOnly cookie (`bazaar_refresh`, path ' +
      '`/api/v1/auth`) and a CSRF token as the `bazaar_csrf` cookie, and answers only the access token. ' +
      'Without it, both tokens are in the answer.',
  })
  @IsOptional()
  @IsIn(SESSION_MODES)
  session?: SessionMode;
}

export class RefreshBody implements Partial<RefreshRequest> {
  @ApiPropertyOptional({
    description:
      'The refresh token of the last login or refresh (single use). Leave it out to use the `bazaar_refresh` ' +
      'cookie instead, with the `X-CSRF-Token` header.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(IDENTITY_LIMITS.refreshTokenMaxLength)
  refreshToken?: string;
}

export class TokenPairDto implements TokenPair {
  @ApiProperty({ description: 'JWT (RS256) to send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Opaque and single use: each refresh returns a new one' })
  refreshToken!: string;

  @ApiProperty({ example: 2592000 })
  refreshExpiresIn!: number;
}

/** What a browser session gets: the refresh token travels in its HttpOnly cookie, never in a body. */
export type AccessToken = Pick<TokenPair, 'accessToken' | 'expiresIn' | 'tokenType'>;

export class AccessTokenDto implements AccessToken {
  @ApiProperty({
    description: 'JWT (RS256) to send as `Authorization: Bearer <token>`; keep it in memory only',
  })
  accessToken!: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires: refresh before then' })
  expiresIn!: number;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';
}

export class UserDto implements UserView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['customer'] })
  roles!: Role[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
