import { Money } from '../../ui/Money';
import { moneyOf } from './payment-queries';

/** An amount in minor units with its currency; a currency the shop does not know is shown as sent. */
export function PaymentAmount({ amount, currency }: { amount: number; currency: string }) {
  const money = moneyOf(amount, currency);
  return money ? <Money value={money} /> : <span>{`${amount} ${currency} (minor units)`}</span>;
}
