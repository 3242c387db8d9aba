import { Injectable, Logger } from '@nestjs/common';
import {
  Caller,
  ChangePasswordRequest,
  IDENTITY_LIMITS,
  ListUsersRequest,
  LoginRequest,
  RegisterRequest,
  Role,
  TokenPair,
  UserPage,
  UserView,
} from '@bazaar/contracts';
import { DomainError, pageOf } from '@bazaar/platform';
import { PasswordHasher } from '../passwords/password-hasher';
import { brokenPasswordRule } from '../passwords/password-policy';
import { SessionsService } from '../sessions/sessions.service';
import { withoutRole, withRole } from './role-changes';
import {
  adminRequired,
  invalidCredentials,
  signInRequired,
  userNotFound,
  weakPassword,
  wrongCurrentPassword,
} from './users.errors';
import { UserRecord, UsersRepository } from './users.repository';

/** What making sure of an administrator did. */
export type AdminOutcome = 'created' | 'promoted' | 'unchanged';

@Injectable()
export class UsersService {
  private readonly security = new Logger('Security');

  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
  ) {}

  async register(input: RegisterRequest, roles: Role[] = ['customer']): Promise<UserView> {
    const email = normalizeEmail(input.email);
    assertPasswordAcceptable(input.password, email);
    const passwordHash = await this.passwords.hash(input.password);
    return toUserView(
      await this.users.create({ email, displayName: input.displayName, passwordHash, roles }),
    );
  }

  async login(input: LoginRequest): Promise<TokenPair> {
    const user = await this.users.credentialsByEmail(normalizeEmail(input.email));
    // Verified either way, so an unknown email costs the same time as a wrong password.
    const valid = await this.passwords.verify(user?.passwordHash, input.password);
    if (!user || !valid) {
      this.security.log({ event: 'login-failed', known: Boolean(user), msg: 'login refused' });
      throw invalidCredentials();
    }
    return this.sessions.open(user);
  }

  async me(caller: Caller | undefined): Promise<UserView> {
    if (!caller) throw signInRequired();
    const user = await this.users.findById(caller.userId);
    if (!user) throw userNotFound(caller.userId);
    return toUserView(user);
  }

  /** Changes the password and ends every other session of the user; the calling session stays. */
  async changePassword(
    caller: Caller | undefined,
    input: ChangePasswordRequest,
  ): Promise<{ revokedSessions: number }> {
    if (!caller) throw signInRequired();
    const user = await this.users.credentialsById(caller.userId);
    if (!user) throw userNotFound(caller.userId);
    if (!(await this.passwords.verify(user.passwordHash, input.currentPassword)))
      throw wrongCurrentPassword();
    assertPasswordAcceptable(input.newPassword, user.email, 'newPassword');
    await this.users.changePassword(user, await this.passwords.hash(input.newPassword));
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

  async list(caller: Caller | undefined, query: ListUsersRequest): Promise<UserPage> {
    assertAdmin(caller);
    const limit = query.limit ?? IDENTITY_LIMITS.usersPageSizeDefault;
    return pageOf(await this.users.list(query.cursor, limit + 1), limit, toUserView);
  }

  async grantRole(caller: Caller | undefined, userId: string, role: Role): Promise<UserView> {
    assertAdmin(caller);
    const user = await this.users.changeRoles(userId, (roles) => withRole(roles, role));
    if (!user) throw userNotFound(userId);
    this.security.log({ event: 'role-granted', by: caller?.userId, userId, role, msg: 'role granted' });
    return toUserView(user);
  }

  async revokeRole(caller: Caller | undefined, userId: string, role: Role): Promise<UserView> {
    assertAdmin(caller);
    const user = await this.users.changeRoles(userId, (roles, admins) => withoutRole(roles, role, admins));
    if (!user) throw userNotFound(userId);
    this.security.log({ event: 'role-revoked', by: caller?.userId, userId, role, msg: 'role revoked' });
    return toUserView(user);
  }

  async anyAdmin(): Promise<boolean> {
    return (await this.users.countAdmins()) > 0;
  }

  /**
   * Makes `email` an administrator: gives an existing account the admin role (its password untouched), or
   * creates the account with `password`.
   */
  async ensureAdmin(email: string, password: string): Promise<AdminOutcome> {
    const existing = await this.users.findByEmail(normalizeEmail(email));
    if (existing) {
      if (existing.roles.includes('admin')) return 'unchanged';
      await this.users.changeRoles(existing.id, (roles) => withRole(roles, 'admin'));
      return 'promoted';
    }
    try {
      await this.register({ email, displayName: 'Administrator', password }, ['customer', 'admin']);
      return 'created';
    } catch (error) {
      // A second identity instance starting at the same moment created it first.
      if (error instanceof DomainError && error.code === 'EMAIL_TAKEN') return 'unchanged';
      throw error;
    }
  }
}

/** One account per address, whatever the letter case or surrounding spaces. */
function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    createdAt: user.createdAt.toISOString(),
  };
}

/** Services check the forwarded caller themselves too: the gateway's guard is not the only line. */
function assertAdmin(caller: Caller | undefined): void {
  if (!caller) throw signInRequired();
  if (!caller.roles.includes('admin')) throw adminRequired();
}

function assertPasswordAcceptable(password: string, email: string, field = 'password'): void {
  const rule = brokenPasswordRule(password, email);
  if (rule) throw weakPassword(rule, field);
}
