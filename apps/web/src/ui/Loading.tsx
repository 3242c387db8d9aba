/** A polite status: screen readers announce it once, sighted users see it where the content will be. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}
