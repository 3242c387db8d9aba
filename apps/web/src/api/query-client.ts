import { QueryClient } from '@tanstack/react-query';
import { ApiProblem } from './problem';

/** Retries what may pass on a second try (no answer, 5xx, 429); a refusal (other 4xx) is final. */
export function worthRetrying(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!(error instanceof ApiProblem)) return false;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 15_000, retry: worthRetrying, refetchOnWindowFocus: true },
      // A write is never repeated behind the person's back: they see the error and decide.
      mutations: { retry: false },
    },
  });
}
