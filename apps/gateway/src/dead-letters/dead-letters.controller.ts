import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/signed-in.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import { DeadLetterDto, DeadLetterListDto, DeadLetterParams, ListDeadLettersQuery } from './dead-letters.dto';
import { DeadLettersService } from './dead-letters.service';

@ApiTags('admin')
@Controller('api/v1/admin/dead-letters')
@AdminOnly()
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({
    summary: 'List dead letters (admin)',
    description:
      'The events each consuming service gave up on, oldest first, with the reason and the message.',
  })
  @ApiOkResponse({ type: DeadLetterListDto })
  list(@Query() query: ListDeadLettersQuery): Promise<{ items: DeadLetterDto[] }> {
    return this.deadLetters.list(query.service, query.limit);
  }

  @Post(':service/:id/replay')
  @HttpCode(204)
  @ApiOperation({ summary: 'Replay a dead letter (admin)', description: 'Back on its service’s queue.' })
  @ApiNoContentResponse({ description: 'Queued again' })
  @ApiProblems(404)
  replay(@Param() { service, id }: DeadLetterParams): Promise<void> {
    return this.deadLetters.replay(service, id);
  }

  @Delete(':service/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Drop a dead letter (admin)', description: 'Deleted for good.' })
  @ApiNoContentResponse({ description: 'Dropped' })
  @ApiProblems(404)
  drop(@Param() { service, id }: DeadLetterParams): Promise<void> {
    return this.deadLetters.drop(service, id);
  }
}
