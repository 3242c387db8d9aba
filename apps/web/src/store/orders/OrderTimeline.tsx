import type { OrderStep } from './order-status';
import { DECLINES, STATUS_WORDING, STEP_WORDING } from './order-status';

const OUTCOME_WORDING: Record<OrderStep['outcome'], string> = {
  planned: 'in progress',
  succeeded: 'done',
  failed: 'failed',
};

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'medium' });

/**
 * The saga plans each undo before the step it would undo runs; that plan is bookkeeping, not progress. It is
 * shown only while the undo may be running: not once the undo has a later entry, nor once the order is settled.
 */
export function visibleSteps(steps: readonly OrderStep[], settled: boolean): OrderStep[] {
  return steps.filter(
    (step, index) =>
      !(
        step.kind === 'compensation' &&
        step.outcome === 'planned' &&
        (settled || steps.slice(index + 1).some((later) => later.step === step.step))
      ),
  );
}

/** The saga's steps, oldest first: what was done, what failed and why, and the status it left. */
export function OrderTimeline({ steps, settled }: { steps: readonly OrderStep[]; settled: boolean }) {
  const shown = visibleSteps(steps, settled);
  if (shown.length === 0) return <p className="empty">No steps yet.</p>;
  return (
    <ol className="timeline" aria-label="Order steps">
      {shown.map((step, index) => (
        <li key={index} className={`timeline__step timeline__step--${step.outcome}`}>
          <span className="timeline__name">
            {STEP_WORDING[step.step] ?? step.step}
            {step.kind === 'compensation' ? ' (undo)' : ''}
          </span>{' '}
          <span className="timeline__outcome">{OUTCOME_WORDING[step.outcome]}</span>
          {step.attempt > 1 && <span className="timeline__attempt"> · attempt {step.attempt}</span>}
          <span className="timeline__meta">
            {' '}
            · <time dateTime={step.at}>{time(step.at)}</time> · {STATUS_WORDING[step.status]}
          </span>
          {step.outcome === 'failed' && step.detail && (
            <p className="timeline__detail">{DECLINES[step.detail] ?? step.detail}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
