import { SetMetadata } from '@nestjs/common';

export const AUTH_RATE_LIMITED = 'bazaar:auth-rate-limited';

/** Login-like routes: also limited per client address and per account named in the body. */
export const AuthRateLimit = (): MethodDecorator => SetMetadata(AUTH_RATE_LIMITED, true);
