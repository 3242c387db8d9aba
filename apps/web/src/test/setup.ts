import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  // A test's fake server (a stubbed `fetch`) must not answer the next test's requests.
  vi.unstubAllGlobals();
});
