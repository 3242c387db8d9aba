import { ProblemMessage } from './ProblemMessage';

/** What a cursor-paged list needs from react-query's `useInfiniteQuery` to offer its next page. */
interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" under a paged table; a failed next page keeps the rows shown and says why beneath them. */
export function LoadMore({ query, what }: { query: PagedQuery; what: string }) {
  return (
    <>
      {query.hasNextPage && (
        <button
          type="button"
          className="button button--secondary load-more"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? 'Loading more…' : `Load more ${what}`}
        </button>
      )}
      {query.isFetchNextPageError && <ProblemMessage error={query.error} />}
    </>
  );
}
