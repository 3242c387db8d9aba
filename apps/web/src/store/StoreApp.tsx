import { type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { NotFound } from '../ui/NotFound';
import { RequireSignIn } from './account/RequireSignIn';
import { SignInPage } from './account/SignInPage';
import { SignUpPage } from './account/SignUpPage';
import { CartPage } from './cart/CartPage';
import { CheckoutPage } from './checkout/CheckoutPage';
import { NotificationsPage } from './notifications/NotificationsPage';
import { OrderHistoryPage } from './orders/OrderHistoryPage';
import { OrderPage } from './orders/OrderPage';
import { ProductListPage } from './products/ProductListPage';
import { ProductPage } from './products/ProductPage';
import { StoreLayout } from './StoreLayout';

const mine = (page: ReactNode) => <RequireSignIn>{page}</RequireSignIn>;

/**
 * The storefront's pages, under the shop's header and footer. The gateway answers each of these paths with the
 * app (apps/gateway/src/web/web-routes.ts): a new route here needs its path there too.
 */
export function StoreApp() {
  return (
    <Routes>
      <Route element={<StoreLayout />}>
        <Route index element={<ProductListPage />} />
        <Route path="products/:id" element={<ProductPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="sign-up" element={<SignUpPage />} />
        <Route path="cart" element={mine(<CartPage />)} />
        <Route path="checkout" element={mine(<CheckoutPage />)} />
        <Route path="orders" element={mine(<OrderHistoryPage />)} />
        <Route path="orders/:id" element={mine(<OrderPage />)} />
        <Route path="notifications" element={mine(<NotificationsPage />)} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
