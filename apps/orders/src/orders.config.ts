import { PlatformConfig } from '@bazaar/platform';

/**
 * Every environment variable of the orders service, validated at start-up: a bad value stops it with a message
 * naming the variable. PlatformConfig brings the ones every service reads (ports, logging, shutdown, RPC timeout);
 * add this service's own below, each with its rules and default.
 */
export class OrdersConfig extends PlatformConfig {}
