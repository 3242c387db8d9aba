import type { components } from '../../generated/api';

export type Currency = components['schemas']['MoneyDto']['currency'];
export const CURRENCIES: readonly Currency[] = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'PLN'];

/** How many digits a currency has after the point (2 for EUR); the API counts prices in those minor units. */
function minorDigits(currency: Currency): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * "59.90" EUR → 5990. Written with a point or a comma; undefined when it is not a price (negative, letters, more
 * decimals than the currency has), so the form can say so beside the field instead of sending it.
 */
export function toMinorUnits(text: string, currency: Currency): number | undefined {
  const digits = minorDigits(currency);
  const [whole = '', fraction = '', ...rest] = text.trim().split(/[.,]/);
  if (rest.length > 0 || !/^\d{1,9}$/.test(whole) || !/^\d*$/.test(fraction) || fraction.length > digits) {
    return undefined;
  }
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || 0);
}

/** 5990 EUR → "59.90": what the price field shows when editing. */
export function fromMinorUnits(amountMinor: number, currency: Currency): string {
  const digits = minorDigits(currency);
  return (amountMinor / 10 ** digits).toFixed(digits);
}

export function isCurrency(value: string): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value);
}
