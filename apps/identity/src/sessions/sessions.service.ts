import { Injectable, Logger } from '@nestjs/common';
import { Role, TokenPair } from '@bazaar/contracts';
import { IdentityConfig } from '../identity.config';
import { TokenIssuer } from '../tokens/token-issuer';
import { newRefreshToken } from './refresh-token';
import { invalidRefreshToken } from './sessions.errors';
import { RevokeReason, SessionRecord, SessionsRepository } from './sessions.repository';

/**
 * Login sessions as refresh-token families. Each refresh uses up its token and returns a new one in the same
 * family; presenting a used token again means it was copied, so the whole family is revoked (the thief's and
 * the owner's tokens alike) and the event is logged for security review.
 */
@Injectable()
export class SessionsService {
  private readonly security = new Logger('Security');

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenIssuer,
    private readonly config: IdentityConfig,
  ) {}

  /** A new family with its first refresh token, and an access token for it. */
  async open(user: { id: string; roles: Role[] }): Promise<TokenPair> {
    const refreshToken = newRefreshToken();
    const expiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_S * 1000);
    const sessionId = await this.sessions.open(user.id, expiresAt, refreshToken);
    return this.pair(user.id, user.roles, sessionId, refreshToken, expiresAt);
  }

  async rotate(refreshToken: string): Promise<TokenPair> {
    const found = await this.sessions.findToken(refreshToken);
    if (!found || !isLive(found.session)) throw invalidRefreshToken();
    const { session } = found;
    const next = newRefreshToken();
    if (!(await this.sessions.rotate(found.id, session.id, next))) {
      await this.sessions.revoke(session.id, 'reuse-detected');
      this.security.warn({
        event: 'refresh-token-reuse',
        userId: session.userId,
        sessionId: session.id,
        msg: 'a used refresh token was presented again; the session is revoked',
      });
      throw invalidRefreshToken();
    }
    return this.pair(session.userId, session.roles, session.id, next, session.expiresAt);
  }

  /** Logout: the family of this refresh token ends. Already ended is fine; an unknown token is not. */
  async logout(refreshToken: string): Promise<{ loggedOut: true }> {
    const found = await this.sessions.findToken(refreshToken);
    if (!found) throw invalidRefreshToken();
    await this.sessions.revoke(found.session.id, 'logout');
    return { loggedOut: true };
  }

  /** Ends every session of a user but the given one (after a password change). Returns how many ended. */
  revokeOthers(userId: string, keepSessionId: string | undefined, reason: RevokeReason): Promise<number> {
    return this.sessions.revokeAllBut(userId, keepSessionId, reason);
  }

  private pair(
    userId: string,
    roles: Role[],
    sessionId: string,
    refreshToken: string,
    refreshExpiresAt: Date,
  ): TokenPair {
    return {
      accessToken: this.tokens.userToken(userId, roles, sessionId),
      expiresIn: this.config.ACCESS_TOKEN_TTL_S,
      tokenType: 'Bearer',
      refreshToken,
      refreshExpiresIn: Math.max(0, Math.floor((refreshExpiresAt.getTime() - Date.now()) / 1000)),
    };
  }
}

function isLive(session: SessionRecord): boolean {
  return !session.revokedAt && session.expiresAt.getTime() > Date.now();
}
