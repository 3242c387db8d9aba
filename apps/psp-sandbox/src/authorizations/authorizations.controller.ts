import { Body, Controller, Get, Headers, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { PSP_IDEMPOTENCY_HEADER, PspAuthorization, PspLedger, PspRefund } from '@bazaar/contracts';
import { FaultInjection } from '../faults/fault-injection.interceptor';
import { Idempotency } from '../idempotency/idempotency.interceptor';
import { AuthorizationIdDto, AuthorizeDto, CaptureDto, RefundDto } from './authorizations.dto';
import { AuthorizationsService } from './authorizations.service';

/**
 * The processor's API: transport only, one line per route. Faults apply first (outermost), then idempotency, so
 * a lost answer is lost after its outcome was recorded, as at a real processor.
 */
@Controller('v1')
@UseInterceptors(FaultInjection)
export class AuthorizationsController {
  constructor(private readonly authorizations: AuthorizationsService) {}

  @Post('authorizations')
  @UseInterceptors(Idempotency)
  authorize(
    @Body() input: AuthorizeDto,
    @Headers(PSP_IDEMPOTENCY_HEADER) idempotencyKey: string,
  ): Promise<PspAuthorization> {
    return this.authorizations.authorize(input, idempotencyKey);
  }

  @Get('authorizations/:id')
  get(@Param() { id }: AuthorizationIdDto): PspAuthorization {
    return this.authorizations.get(id);
  }

  @Post('authorizations/:id/capture')
  @HttpCode(200)
  @UseInterceptors(Idempotency)
  capture(@Param() { id }: AuthorizationIdDto, @Body() input: CaptureDto): PspAuthorization {
    return this.authorizations.capture(id, input);
  }

  @Post('authorizations/:id/void')
  @HttpCode(200)
  @UseInterceptors(Idempotency)
  void(@Param() { id }: AuthorizationIdDto): PspAuthorization {
    return this.authorizations.void(id);
  }

  @Post('refunds')
  @UseInterceptors(Idempotency)
  refund(@Body() input: RefundDto): PspRefund {
    return this.authorizations.refund(input);
  }

  @Get('ledger')
  ledger(): PspLedger {
    return this.authorizations.books();
  }
}
