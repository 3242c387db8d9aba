import { applyDecorators } from '@nestjs/common';
import { Authenticated, AuthRequirement } from '@bazaar/auth';
import { ApiProblems } from '../openapi/problem.dto';

/**
 * `@Authenticated()` plus, when it names roles, its 403 problem response in the OpenAPI document (every route
 * documents 401: a bad token is refused on public routes too).
 */
export const SignedIn = (requirement: AuthRequirement = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(Authenticated(requirement), ...(requirement.roles ? [ApiProblems(403)] : []));

/** Admin-only route: a valid token with the `admin` role, else 401/403. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SignedIn({ roles: ['admin'] });
