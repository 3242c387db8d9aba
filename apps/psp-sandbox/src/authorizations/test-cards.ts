import { ErrorCode, PSP_TEST_CARDS } from '@bazaar/contracts';

/** What the processor does with a card token. */
export type CardBehaviour =
  | { kind: 'approve'; afterMs: number }
  | { kind: 'decline'; code: Extract<ErrorCode, `CARD_${string}`>; reason: string }
  | { kind: 'fail-once' }
  | { kind: 'unknown' };

const APPROVE_AFTER = /^tok_approve_after_([1-9]|[12][0-9]|30)s$/;

export function cardBehaviour(token: string): CardBehaviour {
  switch (token) {
    case PSP_TEST_CARDS.approved:
      return { kind: 'approve', afterMs: 0 };
    case PSP_TEST_CARDS.declined:
      return {
        kind: 'decline',
        code: 'CARD_DECLINED',
        reason: 'The issuer declined the card (do not honor).',
      };
    case PSP_TEST_CARDS.insufficientFunds:
      return { kind: 'decline', code: 'CARD_INSUFFICIENT_FUNDS', reason: 'The card has insufficient funds.' };
    case PSP_TEST_CARDS.expired:
      return { kind: 'decline', code: 'CARD_EXPIRED', reason: 'The card has expired.' };
    case PSP_TEST_CARDS.failOnce:
      return { kind: 'fail-once' };
  }
  const slow = APPROVE_AFTER.exec(token);
  return slow ? { kind: 'approve', afterMs: Number(slow[1]) * 1000 } : { kind: 'unknown' };
}
