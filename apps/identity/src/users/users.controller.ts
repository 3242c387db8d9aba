import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Caller, IDENTITY_PATTERNS, TokenPair, UserPage, UserView } from '@bazaar/contracts';
import { RpcCaller, RpcData } from '@bazaar/platform';
import { ChangePasswordDto, ListUsersDto, LoginDto, RegisterDto, RoleChangeDto } from './users.dto';
import { UsersService } from './users.service';

/** Identity's RPC surface for people: accounts, signing in, and (admin) roles. */
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(IDENTITY_PATTERNS.register)
  register(@RpcData() input: RegisterDto): Promise<UserView> {
    return this.users.register(input);
  }

  @MessagePattern(IDENTITY_PATTERNS.login)
  login(@RpcData() input: LoginDto): Promise<TokenPair> {
    return this.users.login(input);
  }

  @MessagePattern(IDENTITY_PATTERNS.me)
  me(@RpcCaller() caller: Caller | undefined): Promise<UserView> {
    return this.users.me(caller);
  }

  @MessagePattern(IDENTITY_PATTERNS.changePassword)
  changePassword(
    @RpcCaller() caller: Caller | undefined,
    @RpcData() input: ChangePasswordDto,
  ): Promise<{ revokedSessions: number }> {
    return this.users.changePassword(caller, input);
  }

  @MessagePattern(IDENTITY_PATTERNS.listUsers)
  list(@RpcCaller() caller: Caller | undefined, @RpcData() query: ListUsersDto): Promise<UserPage> {
    return this.users.list(caller, query);
  }

  @MessagePattern(IDENTITY_PATTERNS.grantRole)
  grant(
    @RpcCaller() caller: Caller | undefined,
    @RpcData() { userId, role }: RoleChangeDto,
  ): Promise<UserView> {
    return this.users.grantRole(caller, userId, role);
  }

  @MessagePattern(IDENTITY_PATTERNS.revokeRole)
  revoke(
    @RpcCaller() caller: Caller | undefined,
    @RpcData() { userId, role }: RoleChangeDto,
  ): Promise<UserView> {
    return this.users.revokeRole(caller, userId, role);
  }
}
