import { type ReactNode, useEffect, useRef, useState } from 'react';

interface ConfirmActionProps {
  /** The button's text; `detail` (hidden from sight) names what it acts on, for a screen reader's list of buttons. */
  label: string;
  detail?: string;
  /** Asked before acting, e.g. "Drop this dead letter for good?". */
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/**
 * A destructive action asked about first, in the page rather than in a `window.confirm` dialog (which cannot be
 * styled, and which a stray Enter dismisses). Focus moves to the confirming button, and back when cancelled.
 */
export function ConfirmAction({
  label,
  detail,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const [returnFocus, setReturnFocus] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (returnFocus) triggerRef.current?.focus();
  }, [asking, returnFocus]);

  if (!asking) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className="button button--secondary button--small"
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
        {detail && <span className="visually-hidden"> {detail}</span>}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm: ${label}${detail ? ` ${detail}` : ''}`}>
      <span className="confirm__question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="button button--danger button--small"
        onClick={() => {
          setAsking(false);
          setReturnFocus(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => {
          setAsking(false);
          setReturnFocus(true);
        }}
      >
        Cancel
      </button>
    </span>
  );
}
