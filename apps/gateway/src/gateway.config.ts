import { PlatformConfig } from '@bazaar/platform';

export class GatewayConfig extends PlatformConfig {}
