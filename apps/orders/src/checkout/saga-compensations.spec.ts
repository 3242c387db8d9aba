import { StepRecord } from './order-records';
import { pendingCompensations } from './saga-compensations';
import { SagaStepName } from './saga-steps';

let id = 0;
const entry = (step: SagaStepName, kind: StepRecord['kind'], outcome: StepRecord['outcome']): StepRecord => ({
  id: String(++id),
  step,
  kind,
  outcome,
  attempt: 1,
  detail: null,
  status: 'CANCELLING',
  at: new Date(),
});

describe('the compensations a cancelling saga still owes', () => {
  it('are the planned ones, newest first', () => {
    expect(
      pendingCompensations([
        entry('place', 'forward', 'succeeded'),
        entry('release-stock', 'compensation', 'planned'),
        entry('reserve-stock', 'forward', 'succeeded'),
        entry('void-payment', 'compensation', 'planned'),
        entry('authorize-payment', 'forward', 'failed'),
      ]),
    ).toEqual(['void-payment', 'release-stock']);
  });

  it('leave out those that succeeded, and count a compensation planned twice (a retried step) once', () => {
    expect(
      pendingCompensations([
        entry('release-stock', 'compensation', 'planned'),
        entry('reserve-stock', 'forward', 'failed'),
        entry('release-stock', 'compensation', 'planned'),
        entry('reserve-stock', 'forward', 'succeeded'),
        entry('void-payment', 'compensation', 'planned'),
        entry('void-payment', 'compensation', 'failed'),
        entry('void-payment', 'compensation', 'succeeded'),
      ]),
    ).toEqual(['release-stock']);
  });

  it('are none when nothing was planned', () => {
    expect(pendingCompensations([entry('place', 'forward', 'succeeded')])).toEqual([]);
  });
});
