/**
 * The page's live region: what the last action did ("Replayed …", "Deleted …"). It is always in the page, empty
 * until something happens, because screen readers only announce changes to a region they already know about.
 */
export function Announcement({ text }: { text: string }) {
  return (
    <p className="announcement" role="status" aria-live="polite">
      {text}
    </p>
  );
}
