import type { OrderStep } from './order-status';
import { STATUS_WORDING, STEP_WORDING } from './order-status';

const OUTCOME_WORDING: Record<OrderStep['outcome'], string> = {
  planned: 'in progress',
  succeeded: 'done',
  failed: 'failed',
};

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'medium' });

/** The saga's steps, oldest first: what was done, what failed and why, and the status it left. */
export function OrderTimeline({ steps }: { steps: readonly OrderStep[] }) {
  if (steps.length === 0) return <p className="empty">No steps yet.</p>;
  return (
    <ol className="timeline" aria-label="Order steps">
      {steps.map((step, index) => (
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
          {step.outcome === 'failed' && step.detail && <p className="timeline__detail">{step.detail}</p>}
        </li>
      ))}
    </ol>
  );
}
