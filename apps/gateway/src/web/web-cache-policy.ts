/**
 * Cache-Control of each kind of file the web app is made of.
 *
 * - Assets have a content hash in their name: a changed file gets a new name, so a copy never goes stale.
 * - index.html names the current assets: every use revalidates it (cheap, its ETag answers 304), so a new
 *   release shows on the next load.
 * - The other files at the root (favicon.svg) keep their names across releases: a short life.
 */
export const WEB_CACHE_CONTROL = {
  asset: 'public, max-age=31536000, immutable',
  index: 'no-cache',
  rootFile: 'public, max-age=3600',
} as const;

export type WebFileKind = keyof typeof WEB_CACHE_CONTROL;
