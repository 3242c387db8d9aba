import { InternalServerErrorException } from '@nestjs/common';

/** A 500 the sandbox answers on purpose (a fault knob or a test card); nothing was done. */
export class SimulatedFailure extends InternalServerErrorException {
  constructor(reason: string) {
    super(`simulated processor failure: ${reason}`);
  }
}
