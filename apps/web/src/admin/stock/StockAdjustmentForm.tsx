import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { api } from '../../api/client';
import { ApiProblem, unwrap } from '../../api/problem';
import { Field } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Announcement } from '../ui/Announcement';
import { textOf } from '../../ui/form-data';
import { type AdjustStockBody, stockLevel } from './stock-queries';
import { invalidateCatalog } from '../products/catalog-cache';

type Mode = 'set' | 'add';

interface Errors {
  units?: string;
  reason?: string;
}

/** What is wrong before asking the server: a whole number (not negative when it is a count) and a reason. */
function check(mode: Mode, units: string, reason: string): Errors {
  const errors: Errors = {};
  if (!/^-?\d+$/.test(units)) errors.units = 'Enter a whole number of units.';
  else if (mode === 'set' && Number(units) < 0) errors.units = 'An on-hand count cannot be negative.';
  else if (mode === 'add' && Number(units) === 0)
    errors.units = 'Enter how many units to add, or a negative number to remove.';
  if (!reason) errors.reason = 'Say why, for the adjustment log.';
  return errors;
}

/** The server's field errors, under the form's names: the units travel as `setOnHand` or `add`. */
function serverErrors(error: unknown): Errors {
  if (!(error instanceof ApiProblem)) return {};
  return {
    units: error.fieldError('setOnHand') ?? error.fieldError('add'),
    reason: error.fieldError('reason'),
  };
}

/**
 * Sets a SKU's on-hand count (after a stock take) or adds/removes units (a delivery, breakage), with the reason the
 * adjustment log keeps. Errors show beside their fields; the new level is announced.
 */
export function StockAdjustmentForm({ sku }: { sku: string }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('set');
  const [errors, setErrors] = useState<Errors>({});
  const [announcement, setAnnouncement] = useState('');
  const formRef = useRef<HTMLFormElement>(null);

  const adjust = useMutation({
    mutationFn: (body: AdjustStockBody) =>
      unwrap(api.PUT('/api/v1/inventory/{sku}', { params: { path: { sku } }, body })),
    onMutate: () => setAnnouncement(''),
    onSuccess: (level) => {
      // Emptied, so a second press cannot add the same delivery twice (the chosen kind of change stays).
      for (const name of ['units', 'reason']) {
        const input = formRef.current?.elements.namedItem(name);
        if (input instanceof HTMLInputElement) input.value = '';
      }
      queryClient.setQueryData(stockLevel(sku).queryKey, level);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'stock', sku, 'adjustments'] });
      invalidateCatalog(queryClient);
      setAnnouncement(`${sku} now has ${level.onHand} on hand, ${level.available} available.`);
    },
    onError: (error) => setErrors(serverErrors(error)),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const units = textOf(form, 'units');
    const reason = textOf(form, 'reason');
    const found = check(mode, units, reason);
    setErrors(found);
    if (found.units || found.reason) return;
    adjust.mutate(mode === 'set' ? { setOnHand: Number(units), reason } : { add: Number(units), reason });
  };

  const otherProblem =
    adjust.isError && !(adjust.error instanceof ApiProblem && adjust.error.fieldErrors.length > 0);
  return (
    <form
      ref={formRef}
      className="console-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="adjust-heading"
    >
      <h2 id="adjust-heading">Adjust stock</h2>
      <fieldset className="choice">
        <legend>Change</legend>
        <label>
          <input
            type="radio"
            name="mode"
            value="set"
            checked={mode === 'set'}
            onChange={() => setMode('set')}
          />
          Set the on-hand count
        </label>
        <label>
          <input
            type="radio"
            name="mode"
            value="add"
            checked={mode === 'add'}
            onChange={() => setMode('add')}
          />
          Add or remove units
        </label>
      </fieldset>
      <Field
        label={mode === 'set' ? 'New on-hand count' : 'Units to add (negative to remove)'}
        name="units"
        inputMode="numeric"
        required
        error={errors.units}
      />
      <Field label="Reason" name="reason" required maxLength={500} error={errors.reason} />
      {otherProblem && <ProblemMessage error={adjust.error} />}
      <button type="submit" className="button" disabled={adjust.isPending}>
        {adjust.isPending ? 'Saving…' : 'Save adjustment'}
      </button>
      <Announcement text={announcement} />
    </form>
  );
}
