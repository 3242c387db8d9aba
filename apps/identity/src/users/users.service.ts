import { Injectable, Logger } from '@nestjs/common';
import {
  Caller,
  IDENTITY_EVENTS,
  IDENTITY_LIMITS,
  Role,
  TokenPair,
  UserPage,
  UserView,
} from '@bazaar/contracts';
import { Outbox } from '@bazaar/messaging';
import { IdentityDatabase } from '../database/identity-database';
import { PasswordHasher } from '../passwords/password-hasher';
import { assertPasswordAcceptable } from '../passwords/password-policy';
import { SessionsService } from '../sessions/sessions.service';
import { ChangePasswordDto, ListUsersDto, LoginDto, RegisterDto } from './users.dto';
import {
  adminRequired,
  emailTaken,
  invalidCredentials,
  lastAdmin,
  signInRequired,
  userNotFound,
  wrongCurrentPassword,
} from './users.errors';
import { normalizeEmail, toUserView, USER_VIEW_SELECT } from './user-view';

/** Serializes role changes that could remove the last admin (a transaction-scoped advisory lock). */
const ADMIN_ROLE_LOCK = 0x61646d6e;

@Injectable()
export class UsersService {
  private readonly security = new Logger('Security');

  constructor(
    private readonly db: IdentityDatabase,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly outbox: Outbox,
  ) {}

  async register(input: RegisterDto, roles: Role[] = ['customer']): Promise<UserView> {
    const email = normalizeEmail(input.email);
    assertPasswordAcceptable(input.password, email);
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.outbox.transaction(this.db, async (tx, events) => {
        const user = toUserView(
          await tx.user.create({
            data: { email, displayName: input.displayName, passwordHash, roles },
            select: USER_VIEW_SELECT,
          }),
        );
        events.record(IDENTITY_EVENTS.userRegistered, user.id, {
          userId: user.id,
          email: user.email,
          registeredAt: user.createdAt,
        });
        return user;
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') throw emailTaken();
      throw error;
    }
  }

  async login(input: LoginDto): Promise<TokenPair> {
    const user = await this.db.user.findUnique({
      where: { email: normalizeEmail(input.email) },
      select: { id: true, roles: true, passwordHash: true },
    });
    // Verified either way, so an unknown email costs the same time as a wrong password.
    const valid = await this.passwords.verify(user?.passwordHash, input.password);
    if (!user || !valid) {
      this.security.log({ event: 'login-failed', known: Boolean(user), msg: 'login refused' });
      throw invalidCredentials();
    }
    return this.sessions.open({ id: user.id, roles: user.roles as Role[] });
  }

  async me(caller: Caller | undefined): Promise<UserView> {
    if (!caller) throw signInRequired();
    const user = await this.db.user.findUnique({ where: { id: caller.userId }, select: USER_VIEW_SELECT });
    if (!user) throw userNotFound(caller.userId);
    return toUserView(user);
  }

  /** Changes the password and ends every other session of the user; the calling session stays. */
  async changePassword(
    caller: Caller | undefined,
    input: ChangePasswordDto,
  ): Promise<{ revokedSessions: number }> {
    if (!caller) throw signInRequired();
    const user = await this.db.user.findUnique({
      where: { id: caller.userId },
      select: { email: true, passwordHash: true },
    });
    if (!user) throw userNotFound(caller.userId);
    if (!(await this.passwords.verify(user.passwordHash, input.currentPassword)))
      throw wrongCurrentPassword();
    assertPasswordAcceptable(input.newPassword, user.email, 'newPassword');
    const passwordHash = await this.passwords.hash(input.newPassword);
    await this.outbox.transaction(this.db, async (tx, events) => {
      await tx.user.update({ where: { id: caller.userId }, data: { passwordHash } });
      events.record(IDENTITY_EVENTS.userPasswordChanged, caller.userId, {
        userId: caller.userId,
        email: user.email,
        changedAt: new Date().toISOString(),
      });
    });
    const revokedSessions = await this.sessions.revokeOthers(
      caller.userId,
      caller.sessionId,
      'password-changed',
    );
    this.security.log({
      event: 'password-changed',
      userId: caller.userId,
      revokedSessions,
      msg: 'password changed',
    });
    return { revokedSessions };
  }

  async list(caller: Caller | undefined, query: ListUsersDto): Promise<UserPage> {
    assertAdmin(caller);
    const limit = query.limit ?? IDENTITY_LIMITS.usersPageSizeDefault;
    const rows = await this.db.user.findMany({
      where: query.cursor ? { id: { gt: query.cursor } } : {},
      orderBy: { id: 'asc' },
      take: limit + 1,
      select: USER_VIEW_SELECT,
    });
    const items = rows.slice(0, limit).map(toUserView);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  async grantRole(caller: Caller | undefined, userId: string, role: Role): Promise<UserView> {
    assertAdmin(caller);
    const updated = await this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_ROLE_LOCK})`;
      const user = await tx.user.findUnique({ where: { id: userId }, select: { roles: true } });
      if (!user) throw userNotFound(userId);
      if (user.roles.includes(role))
        return tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_VIEW_SELECT });
      return tx.user.update({
        where: { id: userId },
        data: { roles: { push: role } },
        select: USER_VIEW_SELECT,
      });
    });
    this.security.log({ event: 'role-granted', by: caller?.userId, userId, role, msg: 'role granted' });
    return toUserView(updated);
  }

  async revokeRole(caller: Caller | undefined, userId: string, role: Role): Promise<UserView> {
    assertAdmin(caller);
    const updated = await this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_ROLE_LOCK})`;
      const user = await tx.user.findUnique({ where: { id: userId }, select: { roles: true } });
      if (!user) throw userNotFound(userId);
      if (role === 'admin' && user.roles.includes('admin')) {
        const admins = await tx.user.count({ where: { roles: { has: 'admin' } } });
        if (admins <= 1) throw lastAdmin();
      }
      return tx.user.update({
        where: { id: userId },
        data: { roles: user.roles.filter((r) => r !== role) },
        select: USER_VIEW_SELECT,
      });
    });
    this.security.log({ event: 'role-revoked', by: caller?.userId, userId, role, msg: 'role revoked' });
    return toUserView(updated);
  }
}

/** Services check the forwarded caller themselves too: the gateway's guard is not the only line. */
function assertAdmin(caller: Caller | undefined): void {
  if (!caller) throw signInRequired();
  if (!caller.roles.includes('admin')) throw adminRequired();
}
