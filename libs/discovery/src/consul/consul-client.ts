import Consul from 'consul';

export interface ConsulConnection {
  /** `http://consul:8500` (a path prefix, e.g. behind a proxy, is kept). */
  url: string;
  /** ACL token, sent with every request (`X-Consul-Token`). */
  token?: string;
}

/** The `consul` client for a URL: its base URL is the agent's `/v1`, its default token the ACL token. */
export function consulClient({ url, token }: ConsulConnection): Consul {
  const base = new URL(url);
  const path = base.pathname.replace(/\/+$/, '');
  return new Consul({
    // papi's option, passed through by consul: scheme, host, port and any path prefix in one.
    ...({ baseUrl: `${base.protocol}//${base.host}${path}/v1` } as object),
    defaults: token ? { token } : undefined,
  });
}
