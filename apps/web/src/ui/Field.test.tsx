import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Field } from './Field';
import { SelectField } from './SelectField';

/** The element the control's aria-describedby names, by the order they are listed. */
const descriptions = (control: HTMLElement) =>
  (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent);

describe('Field and SelectField', () => {
  it('tie the server’s field error to the control: shown beside it, announced with it, marked invalid', () => {
    render(
      <form>
        <Field
          label="Email"
          name="email"
          hint="We send the receipts here."
          error="email is already registered"
        />
        <SelectField
          label="Country"
          name="country"
          options={[{ value: 'FR', label: 'France' }]}
          error="country must be an ISO 3166-1 alpha-2 code"
        />
      </form>,
    );
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(descriptions(email)).toEqual(['We send the receipts here.', 'email is already registered']);
    const country = screen.getByLabelText('Country');
    expect(country.tagName).toBe('SELECT');
    expect(country.getAttribute('aria-invalid')).toBe('true');
    expect(descriptions(country)).toEqual(['country must be an ISO 3166-1 alpha-2 code']);
  });

  it('without an error, are neither invalid nor described by one', () => {
    render(<Field label="City" name="city" />);
    const city = screen.getByLabelText('City');
    expect(city.getAttribute('aria-invalid')).toBeNull();
    expect(city.getAttribute('aria-describedby')).toBeNull();
  });
});
