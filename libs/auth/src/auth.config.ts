import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DEFAULT_TOKEN_ISSUER } from '@bazaar/contracts';

export const SERVICE_AUTH_MODES = ['off', 'required'] as const;

/** Token settings every service reads, whatever its own config class. */
export class AuthConfig {
  /** The `iss` every token must carry. */
  @IsString()
  JWT_ISSUER: string = DEFAULT_TOKEN_ISSUER;

  /** `required`: every RPC must carry a service token for this service (production); `off`: trust the network. */
  @IsIn(SERVICE_AUTH_MODES)
  SERVICE_AUTH: (typeof SERVICE_AUTH_MODES)[number] = 'off';

  /** This service's client id at identity; defaults to the service name. */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  SERVICE_CLIENT_ID?: string = undefined;

  /** This service's client secret; without it, outgoing RPCs carry no service token. */
  @IsOptional()
  @IsString()
  @Matches(/^.{24,256}$/, { message: 'SERVICE_CLIENT_SECRET must be 24 to 256 characters' })
  SERVICE_CLIENT_SECRET?: string = undefined;

  /** How often the public keys are refetched even when no unknown `kid` shows up. */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  JWKS_REFRESH_MS: number = 600_000;
}
