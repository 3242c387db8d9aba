import { Route, Routes } from 'react-router';
import { NotFound } from '../ui/NotFound';
import { SignInPage } from './account/SignInPage';
import { ProductListPage } from './products/ProductListPage';
import { StoreLayout } from './StoreLayout';

/** The storefront's pages, under the shop's header and footer. */
export function StoreApp() {
  return (
    <Routes>
      <Route element={<StoreLayout />}>
        <Route index element={<ProductListPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
