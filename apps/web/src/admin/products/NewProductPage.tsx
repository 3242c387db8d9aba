import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, newIdempotencyKey } from '../../api/client';
import { unwrap } from '../../api/problem';
import { usePageTitle } from '../../ui/usePageTitle';
import type { CreateProductBody } from './product-queries';
import { ProductForm } from './ProductForm';
import { invalidateCatalog } from './catalog-cache';

/** Adds a product to the catalog, then opens it (where its stock can be set). */
export function NewProductPage() {
  usePageTitle('New product');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    // One key per attempt: a corrected form is a new request, and the button is disabled while one is out.
    mutationFn: (body: CreateProductBody) =>
      unwrap(
        api.POST('/api/v1/products', {
          body,
          params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
        }),
      ),
    onSuccess: (product) => {
      invalidateCatalog(queryClient);
      void navigate(`/admin/products/${product.id}`, { state: { created: true } });
    },
  });
  return (
    <section aria-labelledby="new-product-heading">
      <p className="breadcrumb">
        <Link to="/admin/products">Products</Link>
      </p>
      <h1 id="new-product-heading">New product</h1>
      <ProductForm
        submitLabel="Create product"
        pending={create.isPending}
        error={create.error}
        onSubmit={(body) => create.mutate(body)}
      />
    </section>
  );
}
