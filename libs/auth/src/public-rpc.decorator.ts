import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_RPC = 'bazaar:public-rpc';

/** Exempts an RPC handler from the service-token requirement (identity's key and token patterns). */
export const PublicRpc = (): MethodDecorator => SetMetadata(IS_PUBLIC_RPC, true);
