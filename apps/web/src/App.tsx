import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { newQueryClient } from './api/query-client';
import { SessionProvider } from './session/session';
import { StoreApp } from './store/StoreApp';
import { Loading } from './ui/Loading';

// The console is its own chunk: shoppers never download it (the storefront's first load has a budget).
const AdminApp = lazy(() => import('./admin/AdminApp'));

/** One app, two faces: the storefront at `/` and the operators' console at `/admin`. */
export function App() {
  const [queryClient] = useState(newQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route
              path="/admin/*"
              element={
                <Suspense fallback={<Loading what="the console" />}>
                  <AdminApp />
                </Suspense>
              }
            />
            <Route path="/*" element={<StoreApp />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}
