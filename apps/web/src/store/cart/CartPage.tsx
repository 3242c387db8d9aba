import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Loading } from '../../ui/Loading';
import { Money } from '../../ui/Money';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { canBuy } from '../products/Availability';
import { cartQuery, useSetQuantity } from './cart-query';
import { CartLineRow } from './CartLineRow';
import './cart.css';

/** The cart: each line with its price now, quantity and availability; the total; the way to checkout. */
export function CartPage() {
  usePageTitle('Cart');
  const cart = useQuery(cartQuery());
  const setQuantity = useSetQuantity();

  return (
    <section aria-labelledby="cart-heading">
      <h1 id="cart-heading">Your cart</h1>
      {cart.isPending ? (
        <Loading what="your cart" />
      ) : cart.isError ? (
        <ProblemMessage error={cart.error} retry={() => void cart.refetch()} />
      ) : cart.data.lines.length === 0 ? (
        <p className="empty">
          Your cart is empty. <Link to="/">Browse the products</Link>
        </p>
      ) : (
        <>
          <ul className="cart-lines" aria-label="Cart lines">
            {cart.data.lines.map((line) => (
              <CartLineRow
                key={line.productId}
                line={line}
                busy={setQuantity.isPending && setQuantity.variables.productId === line.productId}
                onQuantity={(quantity) => setQuantity.mutate({ productId: line.productId, quantity })}
              />
            ))}
          </ul>
          {/* Announces the outcome of a change: the new total, or why it was refused. */}
          <p className="visually-hidden" role="status" aria-live="polite">
            {setQuantity.isSuccess ? 'Cart updated.' : ''}
          </p>
          {setQuantity.isError && <ProblemMessage error={setQuantity.error} />}
          <div className="cart-summary">
            <p className="cart-summary__count">
              {cart.data.itemCount} {cart.data.itemCount === 1 ? 'item' : 'items'}
            </p>
            <p className="cart-summary__total">
              Total: {cart.data.total ? <Money value={cart.data.total} /> : 'not available'}
            </p>
            {cart.data.lines.some((line) => !canBuy(line.availability)) && (
              <p className="cart-summary__warning">
                Some products are out of stock: remove them or the order will be rejected.
              </p>
            )}
            <Link to="/checkout" className="button">
              Go to checkout
            </Link>
          </div>
        </>
      )}
    </section>
  );
}
