import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import {
  PSP_SANDBOX_LIMITS,
  PspAuthorizeRequest,
  PspCaptureRequest,
  PspRefundRequest,
} from '@bazaar/contracts';

export class AuthorizeDto implements PspAuthorizeRequest {
  /** Minor units; the upper bound is PSP_SANDBOX_MAX_AMOUNT, checked by the service. */
  @IsInt()
  @Min(1)
  amount!: number;

  @IsIn(PSP_SANDBOX_LIMITS.currencies)
  currency!: string;

  @IsString()
  @Matches(/^tok_[a-z0-9_]{1,60}$/, { message: 'cardToken must be a card token (tok_...)' })
  cardToken!: string;

  @IsOptional()
  @IsString()
  @Length(1, PSP_SANDBOX_LIMITS.referenceMaxLength)
  reference?: string;
}

export class CaptureDto implements PspCaptureRequest {
  @IsOptional()
  @IsInt()
  @Min(1)
  amount?: number;
}

export class RefundDto implements PspRefundRequest {
  @Matches(/^auth_[0-9a-f-]{36}$/, { message: 'authorizationId must be an authorization id (auth_...)' })
  authorizationId!: string;

  @IsInt()
  @Min(1)
  amount!: number;
}

export class AuthorizationIdDto {
  @Matches(/^auth_[0-9a-f-]{36}$/, { message: 'id must be an authorization id (auth_...)' })
  id!: string;
}
