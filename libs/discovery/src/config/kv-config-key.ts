/** The Consul KV key holding a service's config document: a JSON object of config variables. */
export const kvConfigKey = (service: string): string => `bazaar/${service}/config`;
