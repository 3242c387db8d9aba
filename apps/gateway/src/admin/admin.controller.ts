import { Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IDENTITY_PATTERNS, UserPage, UserView } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';
import { ListUsersQuery, RoleParams, UserDto, UserPageDto } from '../auth/auth.dto';
import { AdminOnly } from '../auth/signed-in.decorator';
import { ApiProblems } from '../openapi/problem.dto';

@ApiTags('admin')
@Controller('api/v1/admin/users')
@AdminOnly()
export class AdminUsersController {
  constructor(@InjectRpcClient('identity') private readonly identity: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'List users (admin)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400, 429)
  list(@Query() query: ListUsersQuery): Promise<UserPage> {
    return this.identity.send(IDENTITY_PATTERNS.listUsers, query);
  }

  @Put(':id/roles/:role')
  @ApiOperation({
    summary: 'Grant a role (admin)',
    description: "Takes effect in the user's next access token.",
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 404, 429)
  grant(@Param() { id, role }: RoleParams): Promise<UserView> {
    return this.identity.send(IDENTITY_PATTERNS.grantRole, { userId: id, role });
  }

  @Delete(':id/roles/:role')
  @ApiOperation({
    summary: 'Revoke a role (admin)',
    description: 'The last administrator keeps the admin role (409).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 404, 409, 429)
  revoke(@Param() { id, role }: RoleParams): Promise<UserView> {
    return this.identity.send(IDENTITY_PATTERNS.revokeRole, { userId: id, role });
  }
}
