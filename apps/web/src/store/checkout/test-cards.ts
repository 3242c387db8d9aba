/**
 * The payment sandbox's test cards (apps/psp-sandbox), as a shopper picks one: no real card is ever asked for.
 * The declined ones end the order CANCELLED, which is how a shop shows what a refusal looks like.
 */
export const TEST_CARDS = [
  { value: 'tok_approved', label: 'Test card that is approved' },
  { value: 'tok_approve_after_5s', label: 'Test card approved after 5 seconds' },
  { value: 'tok_declined', label: 'Test card declined by its issuer' },
  { value: 'tok_insufficient_funds', label: 'Test card declined: insufficient funds' },
  { value: 'tok_expired', label: 'Test card declined: expired' },
] as const;
