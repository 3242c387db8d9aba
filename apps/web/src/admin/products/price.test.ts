import { describe, expect, it } from 'vitest';
import { fromMinorUnits, toMinorUnits } from './price';

describe('prices in the product form', () => {
  it('turns what an operator types into minor units', () => {
    expect(toMinorUnits('59.90', 'EUR')).toBe(5990);
    expect(toMinorUnits('59,9', 'EUR')).toBe(5990);
    expect(toMinorUnits('7', 'GBP')).toBe(700);
    expect(toMinorUnits(' 0.05 ', 'USD')).toBe(5);
  });

  it('refuses what is not a price in that currency', () => {
    expect(toMinorUnits('', 'EUR')).toBeUndefined();
    expect(toMinorUnits('-1', 'EUR')).toBeUndefined();
    expect(toMinorUnits('1.999', 'EUR')).toBeUndefined();
    expect(toMinorUnits('ten', 'EUR')).toBeUndefined();
  });

  it('shows a stored price back with the currency’s decimals', () => {
    expect(fromMinorUnits(5990, 'EUR')).toBe('59.90');
    expect(fromMinorUnits(700, 'CHF')).toBe('7.00');
  });
});
