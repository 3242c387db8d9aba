import { cancellationInPlainWords } from './cancellation-reason';

describe('cancellationInPlainWords', () => {
  it.each([
    ['CARD_DECLINED', 'your card was declined by its issuer'],
    ['CARD_INSUFFICIENT_FUNDS', 'your card has insufficient funds for it'],
    ['CARD_EXPIRED', 'your card has expired'],
    ['declined', 'your card was declined by its issuer'],
    [
      'PAYMENT_AMOUNT_EXCEEDED: amount 2000000 above the limit',
      'its amount is above what can be charged to a card here',
    ],
    ['RESERVATION_CLOSED: reservation r-1 is EXPIRED', 'its items could not be held for you long enough'],
    ['the reservation is EXPIRED', 'its items could not be held for you long enough'],
  ])('says %j as “%s”', (reason, words) => {
    expect(cancellationInPlainWords(reason)).toBe(words);
  });

  it('says a passed deadline is a matter of time, whatever failed last', () => {
    expect(
      cancellationInPlainWords(
        'deadline passed; last failure: PAYMENT_PROVIDER_UNAVAILABLE: provider timed out',
      ),
    ).toBe('we could not complete it in time');
  });

  it("says the shopper cancelled it, in orders' words for a shopper's cancel", () => {
    expect(cancellationInPlainWords('cancelled by the shopper')).toBe('you cancelled it');
  });

  it('says a requested cancellation was requested', () => {
    expect(cancellationInPlainWords('cancellation requested by the shopper')).toBe(
      'its cancellation was requested',
    );
  });

  it('never passes an internal message on: unknown reasons, or none, get a general sentence', () => {
    expect(cancellationInPlainWords('TypeError: cannot read properties of undefined')).toBe(
      'we could not complete it',
    );
    expect(cancellationInPlainWords('no authorized payment for the order')).toBe('we could not complete it');
    expect(cancellationInPlainWords(undefined)).toBe('we could not complete it');
  });
});
