import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, API_AUDIENCE, Role } from '@bazaar/contracts';
import { AuthConfig } from '@bazaar/auth';
import { IdentityConfig } from '../identity.config';
import { KeysService } from '../keys/keys.service';

type SignedClaims = Omit<AccessTokenClaims, 'iss' | 'aud' | 'sub' | 'exp' | 'iat'>;

/** Signs identity's two kinds of JWT with the current key (RS256, `kid` in the header). */
@Injectable()
export class TokenIssuer {
  private readonly jwt = new JwtService();

  constructor(
    private readonly keys: KeysService,
    private readonly config: IdentityConfig,
    private readonly auth: AuthConfig,
  ) {}

  /** A user's access token for the public API: roles and session id in the claims. */
  userToken(userId: string, roles: Role[], sessionId: string): string {
    return this.sign(
      { typ: 'user', roles, sid: sessionId },
      userId,
      API_AUDIENCE,
      this.config.ACCESS_TOKEN_TTL_S,
    );
  }

  /** A service token: `sub` the calling service's client id, `aud` the one service it may call. */
  serviceToken(clientId: string, audience: string): string {
    return this.sign({ typ: 'service' }, clientId, audience, this.config.SERVICE_TOKEN_TTL_S);
  }

  private sign(claims: SignedClaims, subject: string, audience: string, ttlSeconds: number): string {
    const key = this.keys.signingKey();
    return this.jwt.sign(claims, {
      algorithm: 'RS256',
      privateKey: key.privateKey,
      keyid: key.kid,
      issuer: this.auth.JWT_ISSUER,
      audience,
      subject,
      expiresIn: ttlSeconds,
    });
  }
}
