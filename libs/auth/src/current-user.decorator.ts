import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Caller } from '@bazaar/contracts';
import { DomainError, RequestContext } from '@bazaar/platform';

/** The verified caller of an `@Authenticated()` route: `me(@CurrentUser() user: Caller)`. */
export const CurrentUser = createParamDecorator((_: unknown, _ctx: ExecutionContext): Caller => {
  const caller = RequestContext.caller();
  // Only reachable when a route forgot @Authenticated(): fail closed.
  if (!caller) throw new DomainError('UNAUTHENTICATED', 'Sign in to use this route.');
  return caller;
});
