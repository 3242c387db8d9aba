import { useQuery } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiProblem } from '../../api/problem';
import { Loading } from '../../ui/Loading';
import { Money } from '../../ui/Money';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { SelectField } from '../../ui/SelectField';
import { usePageTitle } from '../../ui/usePageTitle';
import { cartQuery } from '../cart/cart-query';
import { outcomeUnknown, usePlaceOrder } from './place-order';
import { ShippingAddressFields, readShippingAddress, SHIPPING_FIELDS } from './ShippingAddressFields';
import { TEST_CARDS } from './test-cards';
import { textOf } from '../../ui/form-data';
import './checkout.css';

/** What the form's fields are called in the API's field errors. */
const CARD_FIELD = 'cardToken';

/** Checkout: the cart as it will be ordered, a shipping address and a test card; then the order's own page. */
export function CheckoutPage() {
  usePageTitle('Checkout');
  const navigate = useNavigate();
  const cart = useQuery(cartQuery());
  const { place, mutation } = usePlaceOrder({
    onPlaced: (order) => void navigate(`/orders/${order.id}`),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    place({ shippingAddress: readShippingAddress(form), cardToken: textOf(form, CARD_FIELD) });
  };

  if (cart.isPending) return <Loading what="your cart" />;
  if (cart.isError) return <ProblemMessage error={cart.error} retry={() => void cart.refetch()} />;
  if (cart.data.lines.length === 0 && !mutation.isPending && !mutation.isSuccess) {
    return (
      <section aria-labelledby="checkout-heading">
        <h1 id="checkout-heading">Checkout</h1>
        <p className="empty">
          Your cart is empty. <Link to="/">Browse the products</Link>
        </p>
      </section>
    );
  }

  const problem = mutation.error instanceof ApiProblem ? mutation.error : undefined;
  const fieldError = (field: string) => problem?.fieldError(field);
  const shownBesideFields = [...SHIPPING_FIELDS, CARD_FIELD].some((field) => fieldError(field));
  // The attempt whose outcome is unknown, offered again as it was (place() then reuses its key).
  const retry = outcomeUnknown(mutation.error) ? mutation.variables?.request : undefined;
  return (
    <section className="checkout" aria-labelledby="checkout-heading">
      <h1 id="checkout-heading">Checkout</h1>
      <section className="checkout__summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Your order</h2>
        <ul>
          {cart.data.lines.map((line) => (
            <li key={line.productId}>
              {line.quantity} × {line.name}: <Money value={line.lineTotal} />
            </li>
          ))}
        </ul>
        <p className="checkout__total">
          Total: {cart.data.total ? <Money value={cart.data.total} /> : 'not available'}
        </p>
        <p>
          <Link to="/cart">Change the cart</Link>
        </p>
      </section>
      <form className="checkout__form" onSubmit={submit} noValidate aria-labelledby="checkout-heading">
        <fieldset>
          <legend>Shipping address</legend>
          <ShippingAddressFields errorOf={fieldError} />
        </fieldset>
        <fieldset>
          <legend>Payment</legend>
          <SelectField
            label="Card"
            name="cardToken"
            options={TEST_CARDS}
            defaultValue={TEST_CARDS[0].value}
            hint="This is a demo shop: pick one of the payment sandbox's test cards."
            error={fieldError(CARD_FIELD)}
          />
        </fieldset>
        {mutation.isError && !shownBesideFields && (
          <ProblemMessage error={mutation.error} retry={retry && (() => place(retry))} />
        )}
        <p className="visually-hidden" role="status" aria-live="polite">
          {mutation.isPending ? 'Placing your order…' : ''}
        </p>
        <button type="submit" className="button" disabled={mutation.isPending}>
          {mutation.isPending ? 'Placing your order…' : 'Place order'}
        </button>
      </form>
    </section>
  );
}
