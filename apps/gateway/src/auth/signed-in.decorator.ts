import { applyDecorators } from '@nestjs/common';
import { Authenticated, AuthRequirement } from '@bazaar/auth';
import { ApiProblems } from '../openapi/problem.dto';

/** `@Authenticated()` plus its 401/403 problem responses in the OpenAPI document. */
export const SignedIn = (requirement: AuthRequirement = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(Authenticated(requirement), ApiProblems(401, ...(requirement.roles ? [403] : [])));

/** Admin-only route: a valid token with the `admin` role, else 401/403. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SignedIn({ roles: ['admin'] });
