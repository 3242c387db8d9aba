import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { Role } from '@bazaar/contracts';

export const AUTH_REQUIREMENT = 'bazaar:auth-requirement';
/** The security scheme name the OpenAPI document declares for user access tokens. */
export const BEARER_SCHEME = 'bearer';

export interface AuthRequirement {
  /** The caller needs at least one of these roles; omit for "any signed-in user". */
  roles?: Role[];
}

/**
 * The route needs a valid access token (401 without one) and, when roles are given, one of them (403).
 * Documented in OpenAPI as the bearer scheme plus `x-required-roles`.
 */
export const Authenticated = (requirement: AuthRequirement = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(AUTH_REQUIREMENT, requirement),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-required-roles', requirement.roles ?? ['any signed-in user']),
  );
