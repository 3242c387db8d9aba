import { Route, Routes } from 'react-router';
import { NotFound } from '../ui/NotFound';
import { AdminLayout } from './AdminLayout';
import './admin.css';
import { DeadLettersPage } from './dead-letters/DeadLettersPage';
import { OrdersPage } from './orders/OrdersPage';
import { OverviewPage } from './overview/OverviewPage';
import { PaymentDetailPage } from './payments/PaymentDetailPage';
import { PaymentsPage } from './payments/PaymentsPage';
import { EditProductPage } from './products/EditProductPage';
import { NewProductPage } from './products/NewProductPage';
import { ProductsPage } from './products/ProductsPage';
import { StockPage } from './stock/StockPage';
import { UsersPage } from './users/UsersPage';

/**
 * The operators' console at /admin, loaded only when opened. The server checks the admin role on every call;
 * the layout only keeps other visitors from a page of 403s.
 */
export default function AdminApp() {
  return (
    <Routes>
      <Route element={<AdminLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="products" element={<ProductsPage />} />
        <Route path="products/new" element={<NewProductPage />} />
        <Route path="products/:id" element={<EditProductPage />} />
        <Route path="stock" element={<StockPage />} />
        <Route path="orders" element={<OrdersPage />} />
        <Route path="payments" element={<PaymentsPage />} />
        <Route path="payments/:id" element={<PaymentDetailPage />} />
        <Route path="dead-letters" element={<DeadLettersPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
