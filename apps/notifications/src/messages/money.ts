/**
 * An amount in minor units as a shopper reads it, in its currency: 2500 EUR is "€25.00". The number of minor digits
 * is the currency's own (Intl knows it: 2 for EUR, 0 for JPY), so an amount is never off by a factor of 100.
 */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}
