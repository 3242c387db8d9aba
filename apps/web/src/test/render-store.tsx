import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { newQueryClient } from '../api/query-client';
import { SessionProvider } from '../session/session';
import { StoreApp } from '../store/StoreApp';

/** Shows the current path, so a test can see where a page navigated to. */
function WhereAmI() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

/**
 * The storefront as the app mounts it (query client, session, router, the store's routes), opened at `path`.
 * Reads are not retried here, so a test of an error state sees it at once; writes keep the app's own policy.
 */
export function renderStore(path: string) {
  const queryClient = newQueryClient();
  const defaults = queryClient.getDefaultOptions();
  queryClient.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  return render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/*" element={<StoreApp />} />
          </Routes>
          <WhereAmI />
        </MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}
