import { useEffect } from 'react';

/** Sets the document title (what a screen reader announces on navigation and what the tab shows). */
export function usePageTitle(title?: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Bazaar` : 'Bazaar';
  }, [title]);
}
