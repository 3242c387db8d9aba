import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LoadMore } from '../../ui/LoadMore';
import { Loading } from '../../ui/Loading';
import { Money } from '../../ui/Money';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { Availability } from './Availability';
import { CategoryFilter } from './CategoryFilter';
import { productPages } from './products-query';
import { textOf } from '../../ui/form-data';

/** Browse and search the catalog; the filter lives in the URL, so a search can be shared and survives a reload. */
export function ProductListPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? undefined;
  const category = params.get('category') ?? undefined;
  usePageTitle(q ? `Search: ${q}` : 'Products');
  const products = useInfiniteQuery(productPages({ q, category }));

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = textOf(new FormData(event.currentTarget), 'q');
    const next = new URLSearchParams(params);
    if (text) next.set('q', text);
    else next.delete('q');
    setParams(next);
  };

  const filterBy = (slug: string | undefined) => {
    const next = new URLSearchParams(params);
    if (slug) next.set('category', slug);
    else next.delete('category');
    setParams(next);
  };

  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="products-heading">
      <h1 id="products-heading">{q ? `Results for “${q}”` : 'Products'}</h1>
      <form role="search" className="search" onSubmit={search}>
        <label htmlFor="product-search">Search products</label>
        <input id="product-search" name="q" type="search" defaultValue={q} maxLength={100} key={q} />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <CategoryFilter value={category} onChange={filterBy} />
      {/* A filter or search changes the list without moving focus: say what it now shows. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {products.isSuccess
          ? `${items.length}${products.hasNextPage ? ' or more' : ''} ${items.length === 1 ? 'product' : 'products'} shown`
          : ''}
      </p>
      {products.isPending ? (
        <Loading what="products" />
      ) : products.isError ? (
        <ProblemMessage error={products.error} retry={() => void products.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">No products match. Try another search or category.</p>
      ) : (
        <>
          <ul className="product-grid" aria-label="Products">
            {items.map((product) => (
              <li key={product.id} className="product-card">
                <h2 className="product-card__name">
                  <Link to={`/products/${product.id}`}>{product.name}</Link>
                </h2>
                <p className="product-card__category">{product.category.name}</p>
                <p className="product-card__price">
                  <Money value={product.price} />
                </p>
                <p className="product-card__availability">
                  <Availability value={product.availability} />
                </p>
              </li>
            ))}
          </ul>
          <LoadMore query={products} what="products" />
        </>
      )}
    </section>
  );
}
