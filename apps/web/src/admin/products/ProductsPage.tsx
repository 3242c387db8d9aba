import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { Loading } from '../../ui/Loading';
import { Money } from '../../ui/Money';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { Announcement } from '../ui/Announcement';
import { ConfirmAction } from '../ui/ConfirmAction';
import { textOf } from '../../ui/form-data';
import { LoadMore } from '../../ui/LoadMore';
import { adminProductPages, type Product } from './product-queries';
import { invalidateCatalog } from './catalog-cache';

const AVAILABILITY: Record<Product['availability']['status'], string> = {
  in_stock: 'In stock',
  low: 'Low',
  out: 'Out of stock',
  unknown: 'Unknown',
};

/** The catalog to manage: search (kept in the URL), cursor pages, and each product's edit, stock and delete. */
export function ProductsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? undefined;
  usePageTitle('Products · Console');
  const queryClient = useQueryClient();
  const products = useInfiniteQuery(adminProductPages(q));
  const [announcement, setAnnouncement] = useState('');

  const remove = useMutation({
    mutationFn: async (product: Product) => {
      await unwrap(api.DELETE('/api/v1/products/{id}', { params: { path: { id: product.id } } }));
      return product;
    },
    onMutate: () => setAnnouncement(''),
    onSuccess: (product) => {
      setAnnouncement(`Deleted ${product.name} (${product.sku}).`);
      invalidateCatalog(queryClient);
    },
  });

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = textOf(new FormData(event.currentTarget), 'q');
    setParams(text ? { q: text } : {});
  };

  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="products-heading">
      <div className="console-title">
        <h1 id="products-heading">Products</h1>
        <Link className="button" to="/admin/products/new">
          New product
        </Link>
      </div>
      <form role="search" className="search" onSubmit={search}>
        <label htmlFor="admin-product-search">Search products</label>
        <input id="admin-product-search" name="q" type="search" defaultValue={q} maxLength={100} key={q} />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <Announcement text={announcement} />
      {remove.isError && <ProblemMessage error={remove.error} />}
      {products.isPending ? (
        <Loading what="products" />
      ) : products.isError ? (
        <ProblemMessage error={products.error} retry={() => void products.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">
          {q ? `No products match “${q}”.` : 'The catalog is empty. Add the first product.'}
        </p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Products{q ? ` matching “${q}”` : ''}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Category</th>
                  <th scope="col">Price</th>
                  <th scope="col">Available</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {items.map((product) => (
                  <tr key={product.id}>
                    <th scope="row">
                      <Link to={`/admin/products/${product.id}`}>{product.name}</Link>
                    </th>
                    <td>
                      <code>{product.sku}</code>
                    </td>
                    <td>{product.category.name}</td>
                    <td>
                      <Money value={product.price} />
                    </td>
                    <td>
                      {product.availability.available ?? '—'}{' '}
                      <span className="muted">({AVAILABILITY[product.availability.status]})</span>
                    </td>
                    <td className="actions">
                      <Link to={`/admin/stock?sku=${encodeURIComponent(product.sku)}`}>
                        Stock<span className="visually-hidden"> of {product.name}</span>
                      </Link>
                      <ConfirmAction
                        label="Delete"
                        detail={product.name}
                        question={`Delete ${product.name}?`}
                        confirmLabel="Yes, delete"
                        disabled={remove.isPending}
                        onConfirm={() => remove.mutate(product)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore query={products} what="products" />
        </>
      )}
    </section>
  );
}
