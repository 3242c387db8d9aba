import { Body, Controller, Get, Put } from '@nestjs/common';
import { PspFaults, PspSandboxStats } from '@bazaar/contracts';
import { UpdateFaultsDto } from './faults.dto';
import { Faults } from './faults';

/** The sandbox's own controls: never subject to the faults they set. */
@Controller('v1/sandbox')
export class FaultsController {
  constructor(private readonly faults: Faults) {}

  @Get('faults')
  get(): PspFaults {
    return this.faults.now;
  }

  /** What the sandbox has seen: API requests received since start, answered or not. */
  @Get('stats')
  stats(): PspSandboxStats {
    return { requestsReceived: this.faults.requestsReceived };
  }

  @Put('faults')
  update(@Body() changes: UpdateFaultsDto): PspFaults {
    return this.faults.update(changes);
  }
}
