import Consul from 'consul';

export interface ConsulConnection {
  /** `http://127.0.0.1:8500` or `https://consul.internal`: the agent's HTTP API. */
  url: string;
  /** ACL token, sent as `X-Consul-Token` on every request. */
  token?: string;
}

/** A `consul` client for the agent at `url`; the client holds no connection until it makes a request. */
export function consulClientFor({ url, token }: ConsulConnection): Consul {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'https:';
  return new Consul({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 443 : 8500,
    secure,
    ...(token ? { defaults: { token } } : {}),
  });
}
