import { Injectable } from '@nestjs/common';
import { Role } from '@bazaar/contracts';
import { IdentityDatabase } from '../database/identity-database';
import { hashToken } from './refresh-token';

/** Why a session ended; kept on the session for security review. */
export type RevokeReason = 'logout' | 'password-changed' | 'reuse-detected';

/** A login session (a refresh-token family) with what a new access token needs of its user. */
export interface SessionRecord {
  id: string;
  userId: string;
  roles: Role[];
  expiresAt: Date;
  revokedAt: Date | null;
}

/** A presented refresh token, by its stored hash, and the session it belongs to. */
export interface RefreshTokenRecord {
  id: string;
  session: SessionRecord;
}

/**
 * The only place that speaks Prisma for sessions. Refresh tokens come in as they were issued and are stored,
 * and looked up, by their hash only.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: IdentityDatabase) {}

  /** Starts a session with its first refresh token; returns the session id. */
  async open(userId: string, expiresAt: Date, refreshToken: string): Promise<string> {
    const family = await this.db.refreshFamily.create({
      data: { userId, expiresAt, tokens: { create: { tokenHash: hashToken(refreshToken) } } },
      select: { id: true },
    });
    return family.id;
  }

  async findToken(refreshToken: string): Promise<RefreshTokenRecord | null> {
    const found = await this.db.refreshToken.findUnique({
      where: { tokenHash: hashToken(refreshToken) },
      select: {
        id: true,
        family: {
          select: {
            id: true,
            userId: true,
            expiresAt: true,
            revokedAt: true,
            user: { select: { roles: true } },
          },
        },
      },
    });
    if (!found) return null;
    const { family } = found;
    return {
      id: found.id,
      session: {
        id: family.id,
        userId: family.userId,
        roles: family.user.roles as Role[],
        expiresAt: family.expiresAt,
        revokedAt: family.revokedAt,
      },
    };
  }

  /**
   * Uses up a refresh token and adds its successor to the session. False when the token was already used:
   * the claim is conditional on "not used yet", so of two concurrent refreshes with one token exactly one wins.
   */
  rotate(tokenId: string, sessionId: string, nextToken: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const claimed = await tx.refreshToken.updateMany({
        where: { id: tokenId, usedAt: null },
        data: { usedAt: new Date() },
      });
      if (claimed.count === 0) return false;
      await tx.refreshToken.create({ data: { familyId: sessionId, tokenHash: hashToken(nextToken) } });
      return true;
    });
  }

  /** Ends a session; one that has already ended keeps its first reason. */
  async revoke(sessionId: string, reason: RevokeReason): Promise<void> {
    await this.db.refreshFamily.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
  }

  /** Ends every live session of a user except `keepSessionId`; returns how many ended. */
  async revokeAllBut(
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
}
