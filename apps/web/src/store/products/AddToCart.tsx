import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../session/session';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { cartQuery, useSetQuantity } from '../cart/cart-query';
import { canBuy } from './Availability';
import type { Product } from './product-query';

/** The most of one product a cart line holds (the API refuses more). */
const MAX_PER_LINE = 99;

/**
 * Quantity and "Add to cart". The API sets a line's quantity rather than adding to it, so the units already in
 * the cart are added here. Signed out, a link to sign in that comes back to this product.
 */
export function AddToCart({ product }: { product: Product }) {
  const session = useSession();
  if (session.state.status === 'resuming') return null;
  if (!session.user) {
    return (
      <p className="add-to-cart__sign-in">
        <Link to={`/sign-in?next=${encodeURIComponent(`/products/${product.id}`)}`}>
          Sign in to add this to your cart
        </Link>
      </p>
    );
  }
  return <AddToCartForm product={product} />;
}

function AddToCartForm({ product }: { product: Product }) {
  const quantityId = useId();
  const cart = useQuery(cartQuery());
  const setQuantity = useSetQuantity();
  const inCart = cart.data?.lines.find((line) => line.productId === product.id)?.quantity ?? 0;
  const room = MAX_PER_LINE - inCart;

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const wanted = Number(new FormData(event.currentTarget).get('quantity'));
    if (!Number.isInteger(wanted) || wanted < 1) return;
    setQuantity.mutate({ productId: product.id, quantity: Math.min(MAX_PER_LINE, inCart + wanted) });
  };

  const buyable = canBuy(product.availability);
  return (
    <form className="add-to-cart" onSubmit={add}>
      <div className="field add-to-cart__quantity">
        <label htmlFor={quantityId}>Quantity</label>
        <input
          id={quantityId}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={Math.max(1, room)}
          defaultValue={1}
          required
        />
      </div>
      <button
        type="submit"
        className="button"
        // Until the cart is known the units already in it are not, and adding would overwrite them.
        disabled={!buyable || room < 1 || setQuantity.isPending || !cart.isSuccess}
      >
        {setQuantity.isPending ? 'Adding…' : 'Add to cart'}
      </button>
      <p className="add-to-cart__status" role="status" aria-live="polite">
        {!buyable
          ? 'This product is out of stock.'
          : setQuantity.isSuccess
            ? `Added. Your cart has ${inCart} of this product.`
            : inCart > 0
              ? `Your cart has ${inCart} of this product.`
              : ''}
        {setQuantity.isSuccess && (
          <>
            {' '}
            <Link to="/cart">View your cart</Link>
          </>
        )}
      </p>
      {setQuantity.isError && <ProblemMessage error={setQuantity.error} />}
      {cart.isError && <ProblemMessage error={cart.error} retry={() => void cart.refetch()} />}
    </form>
  );
}
