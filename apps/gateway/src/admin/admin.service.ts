import { Injectable } from '@nestjs/common';
import {
  IDENTITY_PATTERNS,
  ListUsersRequest,
  Role,
  RoleChangeRequest,
  UserPage,
  UserView,
} from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** User and role administration, from identity (which checks the caller's admin role again). */
@Injectable()
export class AdminService {
  constructor(@InjectRpcClient('identity') private readonly identity: RpcClient) {}

  listUsers(request: ListUsersRequest): Promise<UserPage> {
    return this.identity.send<UserPage, ListUsersRequest>(IDENTITY_PATTERNS.listUsers, request);
  }

  grantRole(userId: string, role: Role): Promise<UserView> {
    return this.identity.send<UserView, RoleChangeRequest>(IDENTITY_PATTERNS.grantRole, { userId, role });
  }

  revokeRole(userId: string, role: Role): Promise<UserView> {
    return this.identity.send<UserView, RoleChangeRequest>(IDENTITY_PATTERNS.revokeRole, { userId, role });
  }
}
