import { Injectable } from '@nestjs/common';
import {
  IDENTITY_PATTERNS,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  TokenPair,
  UserView,
} from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** Accounts and sessions, from identity. */
@Injectable()
export class AuthService {
  constructor(@InjectRpcClient('identity') private readonly identity: RpcClient) {}

  register(request: RegisterRequest): Promise<UserView> {
    return this.identity.send<UserView, RegisterRequest>(IDENTITY_PATTERNS.register, request);
  }

  login(request: LoginRequest): Promise<TokenPair> {
    return this.identity.send<TokenPair, LoginRequest>(IDENTITY_PATTERNS.login, request);
  }

  refresh(request: RefreshRequest): Promise<TokenPair> {
    return this.identity.send<TokenPair, RefreshRequest>(IDENTITY_PATTERNS.refresh, request);
  }

  async logout(request: RefreshRequest): Promise<void> {
    await this.identity.send<unknown, RefreshRequest>(IDENTITY_PATTERNS.logout, request);
  }
}
