/** The double-submit token the gateway sets beside the HttpOnly refresh cookie (readable by this app only). */
export const CSRF_COOKIE = 'bazaar_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** The CSRF cookie's value, or undefined when the browser holds no session to resume. */
export function csrfToken(cookies: string = document.cookie): string | undefined {
  for (const pair of cookies.split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === CSRF_COOKIE && value.length > 0) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
