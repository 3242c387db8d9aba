import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/problem';
import { Loading } from '../../ui/Loading';
import { Money } from '../../ui/Money';
import { NotFound } from '../../ui/NotFound';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { AddToCart } from './AddToCart';
import { Availability } from './Availability';
import { productQuery } from './product-query';
import './products.css';

/** One product: what it is, its price, whether it can be had, and the way into the cart. */
export function ProductPage() {
  const { id = '' } = useParams();
  const product = useQuery(productQuery(id));
  usePageTitle(product.data?.name ?? 'Product');

  if (product.isPending) return <Loading what="the product" />;
  if (product.isError) {
    const missing =
      product.error instanceof ApiProblem && (product.error.status === 404 || product.error.status === 400);
    return missing ? (
      <NotFound />
    ) : (
      <ProblemMessage error={product.error} retry={() => void product.refetch()} />
    );
  }
  const { data } = product;
  return (
    <article className="product-page" aria-labelledby="product-heading">
      <p className="product-page__back">
        <Link to={`/?category=${encodeURIComponent(data.category.slug)}`}>{data.category.name}</Link>
      </p>
      <h1 id="product-heading">{data.name}</h1>
      <p className="product-page__price">
        <Money value={data.price} />
      </p>
      <p className="product-page__availability">
        <Availability value={data.availability} />
      </p>
      <p className="product-page__description">{data.description}</p>
      <p className="product-page__sku">SKU {data.sku}</p>
      <AddToCart product={data} />
    </article>
  );
}
