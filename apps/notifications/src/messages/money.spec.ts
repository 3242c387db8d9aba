import { formatMoney } from './money';

describe('formatMoney', () => {
  it('reads minor units with the currency’s two decimals and its symbol', () => {
    expect(formatMoney(2_500, 'EUR')).toBe('€25.00');
    expect(formatMoney(123_456, 'USD')).toBe('$1,234.56');
    expect(formatMoney(5, 'GBP')).toBe('£0.05');
  });

  it('takes the number of minor digits from the currency, not a fixed 100', () => {
    expect(formatMoney(1_200, 'JPY')).toBe('¥1,200');
    expect(formatMoney(1_234, 'KWD')).toBe('KWD\u00a01.234');
  });

  it('names a currency without a symbol in English by its code, kept with its amount by a no-break space', () => {
    expect(formatMoney(19_900, 'SEK')).toBe('SEK\u00a0199.00');
    expect(formatMoney(19_900, 'CHF')).toBe('CHF\u00a0199.00');
  });
});
