import { Injectable } from '@nestjs/common';
import { IDENTITY_EVENTS, Role } from '@bazaar/contracts';
import { Outbox } from '@bazaar/messaging';
import { IdentityDatabase } from '../database/identity-database';
import { Prisma } from '../generated/prisma/client';
import { emailTaken } from './users.errors';

/** A user as identity shows it: never the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  createdAt: Date;
}

/** What signing in and changing the password check; it never leaves identity. */
export interface UserCredentials {
  id: string;
  email: string;
  roles: Role[];
  passwordHash: string;
}

/** A new account; the email already normalized and the password already hashed. */
export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
}

/** Decides a user's new roles from the current ones and the number of administrators. May throw to refuse. */
export type RoleChange = (roles: Role[], admins: number) => Role[];

/** Serializes role changes (a transaction-scoped advisory lock): two revocations cannot both see two admins. */
const ADMIN_ROLE_LOCK = 0x61646d6e;

const RECORD = { id: true, email: true, displayName: true, roles: true, createdAt: true } as const;
const CREDENTIALS = { id: true, email: true, roles: true, passwordHash: true } as const;
const IS_ADMIN = { roles: { has: 'admin' } } as const;

/**
 * The only place that speaks Prisma for users. Registration and password changes record their event in the
 * same transaction (the outbox); a duplicate email becomes EMAIL_TAKEN here.
 */
@Injectable()
export class UsersRepository {
  constructor(
    private readonly db: IdentityDatabase,
    private readonly outbox: Outbox,
  ) {}

  async create(user: NewUser): Promise<UserRecord> {
    try {
      return await this.outbox.transaction(this.db, async (tx, events) => {
        const created = withRoles(await tx.user.create({ data: user, select: RECORD }));
        events.record(IDENTITY_EVENTS.userRegistered, created.id, {
          userId: created.id,
          email: created.email,
          registeredAt: created.createdAt.toISOString(),
        });
        return created;
      });
    } catch (error) {
      // The email is the only unique column a new user can collide on.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw emailTaken();
      throw error;
    }
  }

  async findById(id: string): Promise<UserRecord | null> {
    const user = await this.db.user.findUnique({ where: { id }, select: RECORD });
    return user && withRoles(user);
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const user = await this.db.user.findUnique({ where: { email }, select: RECORD });
    return user && withRoles(user);
  }

  async credentialsByEmail(email: string): Promise<UserCredentials | null> {
    const user = await this.db.user.findUnique({ where: { email }, select: CREDENTIALS });
    return user && withRoles(user);
  }

  async credentialsById(id: string): Promise<UserCredentials | null> {
    const user = await this.db.user.findUnique({ where: { id }, select: CREDENTIALS });
    return user && withRoles(user);
  }

  /** Users in id order, after `afterId` when given. */
  async list(afterId: string | undefined, take: number): Promise<UserRecord[]> {
    const users = await this.db.user.findMany({
      where: afterId ? { id: { gt: afterId } } : {},
      orderBy: { id: 'asc' },
      take,
      select: RECORD,
    });
    return users.map(withRoles);
  }

  countAdmins(): Promise<number> {
    return this.db.user.count({ where: IS_ADMIN });
  }

  async changePassword(user: { id: string; email: string }, passwordHash: string): Promise<void> {
    await this.outbox.transaction(this.db, async (tx, events) => {
      await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
      events.record(IDENTITY_EVENTS.userPasswordChanged, user.id, {
        userId: user.id,
        email: user.email,
        changedAt: new Date().toISOString(),
      });
    });
  }

  /**
   * Applies `change` to a user's roles under the role lock, so the administrators it counts are still the
   * administrators when it commits. Null when there is no such user; nothing is written when nothing changes.
   */
  changeRoles(userId: string, change: RoleChange): Promise<UserRecord | null> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_ROLE_LOCK})`;
      const found = await tx.user.findUnique({ where: { id: userId }, select: RECORD });
      if (!found) return null;
      const user = withRoles(found);
      const roles = change(user.roles, await tx.user.count({ where: IS_ADMIN }));
      if (sameRoles(roles, user.roles)) return user;
      return withRoles(await tx.user.update({ where: { id: userId }, data: { roles }, select: RECORD }));
    });
  }
}

/** The column holds only roles validated against ROLES on their way in. */
function withRoles<T extends { roles: string[] }>(row: T): Omit<T, 'roles'> & { roles: Role[] } {
  return { ...row, roles: row.roles as Role[] };
}

function sameRoles(a: Role[], b: Role[]): boolean {
  return a.length === b.length && a.every((role, index) => role === b[index]);
}
