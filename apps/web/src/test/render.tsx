import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { type ReactElement } from 'react';
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
 * `page` inside what App.tsx puts around every page (query client, session, router), opened at `path`, with a
 * fresh cache. Reads are not retried here, so a test of an error state sees it at once; writes keep the app's own
 * policy (never retried).
 */
export function renderPage(page: ReactElement, path = '/admin') {
  const queryClient = newQueryClient();
  const defaults = queryClient.getDefaultOptions();
  queryClient.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  return render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <MemoryRouter initialEntries={[path]}>
          {page}
          <WhereAmI />
        </MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

/** The storefront as the app mounts it, its routes and all, opened at `path`. */
export function renderStore(path: string) {
  return renderPage(
    <Routes>
      <Route path="/*" element={<StoreApp />} />
    </Routes>,
    path,
  );
}
