/** One Set-Cookie line, read as a browser would: its name, value and attributes (names in lower case). */
export interface SetCookie {
  name: string;
  value: string;
  /** Every attribute by lower-case name; flags (HttpOnly, Secure) have the value `true`. */
  attributes: Record<string, string | true>;
  /** The line as sent. */
  line: string;
}

/** The Set-Cookie lines of an answer, by cookie name (each name at most once, or this throws). */
export function setCookiesOf(response: Response): Record<string, SetCookie> {
  const cookies: Record<string, SetCookie> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...rest] = line.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals);
    if (cookies[name]) throw new Error(`cookie ${name} set twice in one answer`);
    const attributes: Record<string, string | true> = {};
    for (const attribute of rest) {
      const at = attribute.indexOf('=');
      if (at < 0) attributes[attribute.toLowerCase()] = true;
      else attributes[attribute.slice(0, at).toLowerCase()] = attribute.slice(at + 1);
    }
    cookies[name] = { name, value: pair.slice(equals + 1), attributes, line };
  }
  return cookies;
}

/** A Cookie request header from name/value pairs. */
export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}
