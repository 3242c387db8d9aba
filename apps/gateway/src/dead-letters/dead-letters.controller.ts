import { Controller, Delete, Get, HttpCode, Logger, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEAD_LETTER_LIMITS, EVENT_CONSUMERS } from '@bazaar/contracts';
import { DeadLetterStore, InjectDeadLetters } from '@bazaar/messaging';
import { DomainError, RequestContext } from '@bazaar/platform';
import { AdminOnly } from '../auth/signed-in.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import { DeadLetterDto, DeadLetterListDto, DeadLetterParams, ListDeadLettersQuery } from './dead-letters.dto';

/**
 * Events a consumer gave up on, per consuming service. Replaying one delivers it again as new (the consumer's
 * inbox still makes its effect happen once); dropping one deletes it. Every change is logged with the admin.
 */
@ApiTags('admin')
@Controller('api/v1/admin/dead-letters')
@AdminOnly()
export class DeadLettersController {
  private readonly audit = new Logger('Audit');

  constructor(@InjectDeadLetters() private readonly deadLetters: DeadLetterStore) {}

  @Get()
  @ApiOperation({ summary: 'List dead letters (admin)' })
  @ApiOkResponse({ type: DeadLetterListDto })
  @ApiProblems(400, 429)
  async list(@Query() query: ListDeadLettersQuery): Promise<{ items: DeadLetterDto[] }> {
    const services = query.service ? [query.service] : EVENT_CONSUMERS;
    const limit = query.limit ?? DEAD_LETTER_LIMITS.pageSizeDefault;
    const pages = await this.bus(() =>
      Promise.all(services.map((service) => this.deadLetters.list(service, limit))),
    );
    return { items: pages.flat() };
  }

  @Post(':service/:id/replay')
  @HttpCode(204)
  @ApiOperation({ summary: 'Replay a dead letter (admin)', description: 'Back on its service’s queue.' })
  @ApiNoContentResponse({ description: 'Queued again' })
  @ApiProblems(400, 404, 429)
  async replay(@Param() { service, id }: DeadLetterParams): Promise<void> {
    if (!(await this.bus(() => this.deadLetters.replay(service, id)))) throw notFound(service, id);
    this.audit.log({ event: 'dead-letter-replayed', service, id, by: RequestContext.caller()?.userId });
  }

  @Delete(':service/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Drop a dead letter (admin)', description: 'Deleted for good.' })
  @ApiNoContentResponse({ description: 'Dropped' })
  @ApiProblems(400, 404, 429)
  async drop(@Param() { service, id }: DeadLetterParams): Promise<void> {
    if (!(await this.bus(() => this.deadLetters.drop(service, id)))) throw notFound(service, id);
    this.audit.log({ event: 'dead-letter-dropped', service, id, by: RequestContext.caller()?.userId });
  }

  /** The bus being unreachable is a 503 for the operator, not a 500. */
  private async bus<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      new Logger('DeadLetters').warn({ msg: 'event bus unreachable', err: error });
      throw new DomainError('SERVICE_UNAVAILABLE', 'The event bus is unreachable; try again shortly.');
    }
  }
}

function notFound(service: string, id: string): DomainError {
  return new DomainError('DEAD_LETTER_NOT_FOUND', `No dead letter ${id} in the ${service} queue.`);
}
