import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenClaims, API_AUDIENCE, Caller } from '@bazaar/contracts';
import { DomainError, RequestContext } from '@bazaar/platform';
import { AUTH_REQUIREMENT, AuthRequirement } from './authenticated.decorator';
import { TokenVerifier } from './token-verifier';

const BEARER = /^Bearer ([^\s]+)$/i;

/**
 * The gateway's authentication, for every HTTP route: a bearer token, when sent, is verified locally (no call to
 * identity) and its caller forwarded with each RPC; a bad token is refused even on public routes. Routes marked
 * `@Authenticated()` also require a token and, if they name roles, one of them.
 */
@Injectable()
export class HttpAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  // Not `async`: anonymous requests and tokens verified before are answered without a promise.
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);

    const header = request.headers.authorization;
    if (header === undefined) {
      if (!requirement) return true;
      throw unauthenticated(http.getResponse<FastifyReply>(), 'Sign in: this route needs a bearer token.');
    }
    const match = BEARER.exec(header);
    if (!match) {
      throw unauthenticated(
        http.getResponse<FastifyReply>(),
        'The Authorization header is not "Bearer <token>".',
      );
    }
    const expected = { audience: API_AUDIENCE, typ: 'user' } as const;
    const known = this.verifier.verifiedBefore(match[1], expected);
    if (known) return admit(known, requirement);
    return this.verifier.verify(match[1], expected).then(
      (claims) => admit(claims, requirement),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : 'Invalid access token.';
        throw unauthenticated(http.getResponse<FastifyReply>(), message, 'invalid_token');
      },
    );
  }
}

/** Records the verified caller for this request and checks the route's roles. */
function admit(claims: AccessTokenClaims, requirement: AuthRequirement | undefined): true {
  const caller: Caller = { userId: claims.sub, roles: claims.roles ?? [] };
  if (claims.sid) caller.sessionId = claims.sid;
  RequestContext.setCaller(caller);
  const roles = requirement?.roles;
  if (roles?.length && !roles.some((role) => caller.roles.includes(role))) {
    throw new DomainError('FORBIDDEN', `This route needs the role ${roles.join(' or ')}.`);
  }
  return true;
}

/** RFC 6750: a 401 names the scheme, and the error when a token was sent but refused. */
function unauthenticated(reply: FastifyReply, message: string, error?: 'invalid_token'): DomainError {
  void reply.header('www-authenticate', error ? `Bearer error="${error}"` : 'Bearer');
  return new DomainError('UNAUTHENTICATED', message);
}
