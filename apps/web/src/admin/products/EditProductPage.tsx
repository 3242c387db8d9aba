import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { Announcement } from '../ui/Announcement';
import { adminProduct, type CreateProductBody } from './product-queries';
import { ProductForm } from './ProductForm';
import { invalidateCatalog } from './catalog-cache';

/** One product's fields, saved with PATCH; its SKU is fixed and its stock is on the stock page. */
export function EditProductPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const queryClient = useQueryClient();
  const product = useQuery(adminProduct(id));
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;
  const [announcement, setAnnouncement] = useState(justCreated ? 'Product created.' : '');
  usePageTitle(product.data ? `Edit ${product.data.name}` : 'Edit product');

  const save = useMutation({
    mutationFn: ({ sku: _sku, ...body }: CreateProductBody) =>
      unwrap(api.PATCH('/api/v1/products/{id}', { params: { path: { id } }, body })),
    onMutate: () => setAnnouncement(''),
    onSuccess: (saved) => {
      queryClient.setQueryData(adminProduct(id).queryKey, saved);
      invalidateCatalog(queryClient);
      setAnnouncement(`Saved ${saved.name}.`);
    },
  });

  return (
    <section aria-labelledby="edit-product-heading">
      <p className="breadcrumb">
        <Link to="/admin/products">Products</Link>
      </p>
      <h1 id="edit-product-heading">{product.data ? product.data.name : 'Edit product'}</h1>
      <Announcement text={announcement} />
      {product.isPending ? (
        <Loading what="the product" />
      ) : product.isError ? (
        <ProblemMessage error={product.error} retry={() => void product.refetch()} />
      ) : (
        <>
          <p>
            SKU <code>{product.data.sku}</code> ·{' '}
            <Link to={`/admin/stock?sku=${encodeURIComponent(product.data.sku)}`}>
              Stock for this product
            </Link>
          </p>
          <ProductForm
            key={product.data.updatedAt}
            product={product.data}
            submitLabel="Save changes"
            pending={save.isPending}
            error={save.error}
            onSubmit={(body) => save.mutate(body)}
          />
        </>
      )}
    </section>
  );
}
