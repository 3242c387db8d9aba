import type { components } from '../../generated/api';
import './products.css';

export type AvailabilityValue = components['schemas']['AvailabilityDto'];

const WORDING: Record<AvailabilityValue['status'], string> = {
  in_stock: 'In stock',
  low: 'Only a few left',
  out: 'Out of stock',
  unknown: 'Availability unknown',
};

/** Availability in words (never by colour alone), with a class for its colour. */
export function Availability({ value }: { value: AvailabilityValue }) {
  return (
    <span className={`availability availability--${value.status.replace('_', '-')}`}>
      {WORDING[value.status]}
    </span>
  );
}

/** Whether a shopper may put the product in a cart: `unknown` still may, the order's saga checks the stock. */
export function canBuy(value: AvailabilityValue): boolean {
  return value.status !== 'out';
}
