import { Body, Controller, Get, Put } from '@nestjs/common';
import { PspFaults } from '@bazaar/contracts';
import { UpdateFaultsDto } from './faults.dto';
import { Faults } from './faults';

/** The sandbox's own controls: never subject to the faults they set. */
@Controller('v1/sandbox/faults')
export class FaultsController {
  constructor(private readonly faults: Faults) {}

  @Get()
  get(): PspFaults {
    return this.faults.now;
  }

  @Put()
  update(@Body() changes: UpdateFaultsDto): PspFaults {
    return this.faults.update(changes);
  }
}
