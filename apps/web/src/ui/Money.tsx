import type { components } from '../generated/api';

export type MoneyValue = components['schemas']['MoneyDto'];

/** Minor units to a localized price: 1999 EUR → €19.99. */
export function formatMoney({ amountMinor, currency }: MoneyValue, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

export function Money({ value }: { value: MoneyValue }) {
  return <span className="money">{formatMoney(value)}</span>;
}
