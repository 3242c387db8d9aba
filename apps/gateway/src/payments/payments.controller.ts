import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BreakersReply, PaymentPage, PaymentView } from '@bazaar/contracts';
import { AdminOnly } from '../auth/signed-in.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import { BreakersDto, ListPaymentsQuery, PaymentDto, PaymentPageDto, PaymentParams } from './payments.dto';
import { PaymentsService } from './payments.service';

@ApiTags('admin')
@Controller('api/v1/admin/payments')
@AdminOnly()
export class AdminPaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @ApiOperation({
    summary: 'List payments (admin)',
    description:
      "Cursor-paginated, oldest first, each with every call made to the card processor; filter by an order's id " +
      'or a state (`PENDING` ones had no answer from the processor yet).',
  })
  @ApiOkResponse({ type: PaymentPageDto })
  list(@Query() query: ListPaymentsQuery): Promise<PaymentPage> {
    return this.payments.list(query);
  }

  // Declared before `:id`, so the path is never read as an id.
  @Get('breakers')
  @ApiOperation({
    summary: "The card processor's circuit breakers (admin)",
    description:
      '`open`: calls are answered at once with PAYMENT_PROVIDER_UNAVAILABLE, without reaching the processor, ' +
      'until `probeAt`, when one probe call is let through (`half-open`); it closes when the probe succeeds.',
  })
  @ApiOkResponse({ type: BreakersDto })
  breakers(): Promise<BreakersReply> {
    return this.payments.breakers();
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One payment (admin)',
    description: 'With every call made to the card processor.',
  })
  @ApiOkResponse({ type: PaymentDto })
  @ApiProblems(404)
  get(@Param() { id }: PaymentParams): Promise<PaymentView> {
    return this.payments.get(id);
  }
}
