/**
 * The single-page app's own routes, answered with its index.html so that a deep link or a reload lands on the
 * page the app's router then draws. They mirror the router of apps/web: a page added there is added here, or a
 * reload of it is a 404. Anything not listed (and not a file of the build) stays a 404 problem, so a mistyped
 * API path is never answered with HTML.
 */
export const WEB_APP_ROUTES = [
  // The storefront.
  '/',
  '/products/:id',
  '/cart',
  '/checkout',
  '/orders',
  '/orders/:id',
  '/notifications',
  '/sign-in',
  '/sign-up',
  // The admin console: the app decides which of its pages exist.
  '/admin',
  '/admin/*',
] as const;

/** Where the build puts its content-hashed files. */
export const WEB_ASSETS_PREFIX = '/assets/';
