import { Injectable, Logger } from '@nestjs/common';
import { Role, TokenPair } from '@bazaar/contracts';
import { IdentityDatabase } from '../database/identity-database';
import { IdentityConfig } from '../identity.config';
import { TokenIssuer } from '../tokens/token-issuer';
import { hashToken, newRefreshToken } from './refresh-token';
import { invalidRefreshToken } from './sessions.errors';

export type RevokeReason = 'logout' | 'password-changed' | 'reuse-detected';

/**
 * Login sessions as refresh-token families. Each refresh uses up its token and returns a new one in the same
 * family; presenting a used token again means it was copied, so the whole family is revoked (the thief's and
 * the owner's tokens alike) and the event is logged for security review.
 */
@Injectable()
export class SessionsService {
  private readonly security = new Logger('Security');

  constructor(
    private readonly db: IdentityDatabase,
    private readonly tokens: TokenIssuer,
    private readonly config: IdentityConfig,
  ) {}

  /** A new family with its first refresh token, and an access token for it. */
  async open(user: { id: string; roles: string[] }): Promise<TokenPair> {
    const refreshToken = newRefreshToken();
    const family = await this.db.refreshFamily.create({
      data: {
        userId: user.id,
        expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_S * 1000),
        tokens: { create: { tokenHash: hashToken(refreshToken) } },
      },
    });
    return this.pair(user.id, user.roles as Role[], family.id, refreshToken, family.expiresAt);
  }

  async rotate(refreshToken: string): Promise<TokenPair> {
    const found = await this.db.refreshToken.findUnique({
      where: { tokenHash: hashToken(refreshToken) },
      include: { family: { include: { user: { select: { id: true, roles: true } } } } },
    });
    if (!found || found.family.revokedAt || found.family.expiresAt.getTime() <= Date.now()) {
      throw invalidRefreshToken();
    }
    const next = newRefreshToken();
    const rotated = await this.db.$transaction(async (tx) => {
      // Conditional on "not used yet": of two concurrent refreshes with one token, exactly one wins.
      const claimed = await tx.refreshToken.updateMany({
        where: { id: found.id, usedAt: null },
        data: { usedAt: new Date() },
      });
      if (claimed.count === 0) return false;
      await tx.refreshToken.create({ data: { familyId: found.familyId, tokenHash: hashToken(next) } });
      return true;
    });
    if (!rotated) {
      await this.revokeFamily(found.familyId, 'reuse-detected');
      this.security.warn({
        event: 'refresh-token-reuse',
        userId: found.family.userId,
        sessionId: found.familyId,
        msg: 'a used refresh token was presented again; the session is revoked',
      });
      throw invalidRefreshToken();
    }
    const user = found.family.user;
    return this.pair(user.id, user.roles as Role[], found.familyId, next, found.family.expiresAt);
  }

  /** Logout: the family of this refresh token ends. Already ended is fine; an unknown token is not. */
  async logout(refreshToken: string): Promise<void> {
    const found = await this.db.refreshToken.findUnique({
      where: { tokenHash: hashToken(refreshToken) },
      select: { familyId: true },
    });
    if (!found) throw invalidRefreshToken();
    await this.revokeFamily(found.familyId, 'logout');
  }

  /** Ends every session of a user but the given one (after a password change). Returns how many ended. */
  async revokeOthers(
    userId: string,
    keepSessionId: string | undefined,
    reason: RevokeReason,
  ): Promise<number> {
    const result = await this.db.refreshFamily.updateMany({
      where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
    return result.count;
  }

  private async revokeFamily(familyId: string, reason: RevokeReason): Promise<void> {
    await this.db.refreshFamily.updateMany({
      where: { id: familyId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
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
