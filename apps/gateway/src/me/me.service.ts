import { Injectable } from '@nestjs/common';
import { ChangePasswordRequest, IDENTITY_PATTERNS, UserView } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** The signed-in user's own account, from identity (which reads the user from the forwarded caller). */
@Injectable()
export class MeService {
  constructor(@InjectRpcClient('identity') private readonly identity: RpcClient) {}

  me(): Promise<UserView> {
    return this.identity.send<UserView, Record<string, never>>(IDENTITY_PATTERNS.me, {});
  }

  async changePassword(request: ChangePasswordRequest): Promise<void> {
    await this.identity.send<unknown, ChangePasswordRequest>(IDENTITY_PATTERNS.changePassword, request);
  }
}
