import { type FormEvent, useId } from 'react';
import { Link } from 'react-router';
import { Money } from '../../ui/Money';
import { Availability } from '../products/Availability';
import type { CartLine } from './cart-query';

/** One line: its product, unit price, availability, a quantity to change and a way to remove it. */
export function CartLineRow({
  line,
  busy,
  onQuantity,
}: {
  line: CartLine;
  busy: boolean;
  onQuantity: (quantity: number) => void;
}) {
  const quantityId = useId();
  const update = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const quantity = Number(new FormData(event.currentTarget).get('quantity'));
    if (Number.isInteger(quantity) && quantity >= 0 && quantity <= 99 && quantity !== line.quantity)
      onQuantity(quantity);
  };
  return (
    <li className="cart-line">
      <div className="cart-line__product">
        <h2 className="cart-line__name">
          <Link to={`/products/${line.productId}`}>{line.name}</Link>
        </h2>
        <p className="cart-line__unit">
          <Money value={line.unitPrice} /> each · <Availability value={line.availability} />
        </p>
      </div>
      {/* key: a new quantity from the server resets the input to it. */}
      <form className="cart-line__quantity" onSubmit={update} key={line.quantity}>
        <label htmlFor={quantityId}>Quantity of {line.name}</label>
        <input
          id={quantityId}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={0}
          max={99}
          defaultValue={line.quantity}
          required
        />
        <button type="submit" className="button button--secondary" disabled={busy}>
          Update
        </button>
      </form>
      <p className="cart-line__total">
        <Money value={line.lineTotal} />
      </p>
      <button
        type="button"
        className="button button--secondary cart-line__remove"
        disabled={busy}
        onClick={() => onQuantity(0)}
        aria-label={`Remove ${line.name} from the cart`}
      >
        Remove
      </button>
    </li>
  );
}
